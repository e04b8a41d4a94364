package org.metamerbench.results;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * An IDX file of 32-bit floats (element type 0x0D, big-endian, encoded by {@link Idx}): how metamers are stored
 * losslessly beside their 8-bit PNG pictures.
 */
public record FloatIdx(int[] dims, float[] data) {
    public FloatIdx {
        Idx.checkShape(dims, data.length, "floats");
    }

    public byte[] encode() {
        java.nio.ByteBuffer b = Idx.allocate(Idx.Type.FLOAT32, dims);
        b.asFloatBuffer().put(data);
        return b.array();
    }

    /** Writes to {@code file}, which must lie inside {@code root} ({@link AtomicFiles#inside}). */
    public void write(Path root, Path file) throws IOException {
        AtomicFiles.write(root, file, encode());
    }

    public static FloatIdx read(Path file) throws IOException {
        return decode(Files.readAllBytes(file), file.toString());
    }

    /** Decodes a float32 IDX file's bytes; {@code name} names it in errors. */
    public static FloatIdx decode(byte[] bytes, String name) throws IOException {
        return of(Idx.read(bytes, name, Idx.Type.FLOAT32));
    }

    /** The floats of an array read by {@link Idx}, which must hold float32 elements. */
    static FloatIdx of(Idx.Array a) {
        float[] data = new float[a.data().length / 4];
        a.buffer().asFloatBuffer().get(data);
        return new FloatIdx(a.dims(), data);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FloatIdx f && Arrays.equals(dims, f.dims) && Arrays.equals(data, f.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(dims) + Arrays.hashCode(data);
    }
}
