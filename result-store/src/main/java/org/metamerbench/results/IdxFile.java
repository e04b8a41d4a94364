package org.metamerbench.results;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * An IDX file of unsigned bytes (the format of MNIST and Fashion-MNIST): dimensions and data.
 * Reads plain or gzip-compressed files; writes plain ones.
 */
public record IdxFile(int[] dims, byte[] data) {
    private static final int UBYTE = 0x08;

    public IdxFile {
        long n = 1;
        for (int d : dims) {
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException("IDX dims " + Arrays.toString(dims) + " need " + n
                    + " bytes, got " + data.length);
        }
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

    /** Reads an uncompressed IDX stream; {@code name} names it in errors. */
    public static IdxFile read(InputStream stream, String name) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(stream, 1 << 16));
        int magic;
        try {
            magic = in.readInt();
        } catch (EOFException e) {
            throw new IOException(name + ": empty file, not an IDX file");
        }
        if ((magic >>> 16) != 0) {
            throw new IOException(name + ": not an IDX file (magic 0x" + Integer.toHexString(magic) + ")");
        }
        int type = (magic >>> 8) & 0xff;
        int rank = magic & 0xff;
        if (type != UBYTE) {
            throw new IOException(name + ": IDX element type 0x" + Integer.toHexString(type)
                    + " is not supported (only unsigned byte, 0x08)");
        }
        if (rank < 1 || rank > 4) {
            throw new IOException(name + ": IDX rank " + rank + " out of range 1..4");
        }
        int[] dims = new int[rank];
        long total = 1;
        for (int i = 0; i < rank; i++) {
            dims[i] = in.readInt();
            if (dims[i] < 0) {
                throw new IOException(name + ": negative IDX dimension " + dims[i]);
            }
            total *= dims[i];
        }
        if (total > Integer.MAX_VALUE - 16) {
            throw new IOException(name + ": IDX data of " + total + " bytes is too large");
        }
        byte[] data = new byte[(int) total];
        try {
            in.readFully(data);
        } catch (EOFException e) {
            throw new IOException(name + ": truncated, header promises " + total + " data bytes");
        }
        if (in.read() != -1) {
            throw new IOException(name + ": trailing bytes after the " + total + " data bytes");
        }
        return new IdxFile(dims, data);
    }

    /** The uncompressed IDX encoding of this file. */
    public byte[] encode() {
        ByteBuffer header = ByteBuffer.allocate(4 + 4 * dims.length);
        header.putInt((UBYTE << 8) | dims.length);
        for (int d : dims) {
            header.putInt(d);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(header.capacity() + data.length);
        out.writeBytes(header.array());
        out.writeBytes(data);
        return out.toByteArray();
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
