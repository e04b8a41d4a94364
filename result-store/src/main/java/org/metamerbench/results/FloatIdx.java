package org.metamerbench.results;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * An IDX file of 32-bit floats (element type 0x0D, big-endian, as the IDX format defines it): how
 * metamers are stored losslessly beside their 8-bit PNG pictures.
 */
public record FloatIdx(int[] dims, float[] data) {
    private static final int FLOAT32 = 0x0D;

    public FloatIdx {
        long n = 1;
        for (int d : dims) {
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException("dims " + Arrays.toString(dims) + " need " + n + " floats, got " + data.length);
        }
    }

    public byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + 4 * data.length);
        b.putInt((FLOAT32 << 8) | dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
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
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int magic = in.readInt();
            if ((magic >>> 16) != 0 || ((magic >>> 8) & 0xff) != FLOAT32) {
                throw new IOException(name + ": not a float32 IDX file (magic 0x" + Integer.toHexString(magic) + ")");
            }
            int rank = magic & 0xff;
            int[] dims = new int[rank];
            long n = 1;
            for (int i = 0; i < rank; i++) {
                dims[i] = in.readInt();
                n *= dims[i];
            }
            long expected = 4L + 4L * rank + 4L * n;
            if (bytes.length != expected) {
                throw new IOException(name + ": " + bytes.length + " bytes, header promises " + expected);
            }
            float[] data = new float[(int) n];
            ByteBuffer.wrap(bytes, 4 + 4 * rank, 4 * (int) n).asFloatBuffer().get(data);
            return new FloatIdx(dims, data);
        } catch (java.io.EOFException e) {
            throw new IOException(name + ": the IDX header is cut short");
        }
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
