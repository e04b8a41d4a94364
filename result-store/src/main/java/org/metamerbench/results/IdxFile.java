package org.metamerbench.results;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * An IDX file of unsigned bytes (the format of MNIST and Fashion-MNIST): dimensions and data, encoded by
 * {@link Idx}. Reads plain or gzip-compressed files; writes plain ones.
 */
public record IdxFile(int[] dims, byte[] data) {
    public IdxFile {
        Idx.checkShape(dims, data.length, "bytes");
    }

    public int count() {
        return dims[0];
    }

    /** Bytes per item: the product of all dimensions but the first. */
    public int itemSize() {
        return dims[0] == 0 ? 0 : data.length / dims[0];
    }

    /** Item {@code i} (an image or a label) as unsigned values. */
    public int[] item(int i) {
        int per = itemSize();
        int[] out = new int[per];
        for (int k = 0; k < per; k++) {
            out[k] = data[i * per + k] & 0xff;
        }
        return out;
    }

    public int label(int i) {
        return data[i] & 0xff;
    }

    /** Reads a file, gzip-compressed when its name ends in {@code .gz}. */
    public static IdxFile read(Path file) throws IOException {
        try (InputStream raw = Files.newInputStream(file)) {
            InputStream in = file.getFileName().toString().endsWith(".gz")
                    ? new GZIPInputStream(raw, 1 << 16) : raw;
            return read(in, file.toString());
        }
    }

    /** Reads an uncompressed IDX stream of unsigned bytes ({@link Idx}); {@code name} names it in errors. */
    public static IdxFile read(InputStream stream, String name) throws IOException {
        Idx.Array a = Idx.read(stream, name, Idx.Type.UINT8);
        return new IdxFile(a.dims(), a.data());
    }

    /** The uncompressed IDX encoding of this file. */
    public byte[] encode() {
        return Idx.allocate(Idx.Type.UINT8, dims).put(data).array();
    }

    public void write(OutputStream out) throws IOException {
        out.write(encode());
    }

    /** A new IDX file with the given items, in the given order. */
    public IdxFile select(int[] indices) {
        int per = itemSize();
        byte[] out = new byte[indices.length * per];
        for (int k = 0; k < indices.length; k++) {
            System.arraycopy(data, indices[k] * per, out, k * per, per);
        }
        int[] d = dims.clone();
        d[0] = indices.length;
        return new IdxFile(d, out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IdxFile f && Arrays.equals(dims, f.dims) && Arrays.equals(data, f.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(dims) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "IdxFile" + Arrays.toString(dims);
    }
}
