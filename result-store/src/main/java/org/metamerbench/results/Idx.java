package org.metamerbench.results;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The IDX array format (the files of MNIST and Fashion-MNIST): a big-endian header (two zero bytes, the element
 * type, the rank, then one 32-bit size per dimension) and the elements in row-major order. The one codec of the
 * project for its three element types: unsigned bytes (images, labels), int16 (16-bit PCM sound) and float32
 * (metamers, waveforms). {@link IdxFile}, {@link FloatIdx} and the stimulus sets' samples are typed views of it.
 */
public final class Idx {
    /** The element types in use, with their IDX codes. */
    public enum Type {
        UINT8(0x08, 1, "unsigned byte"), INT16(0x0B, 2, "int16"), FLOAT32(0x0D, 4, "float32");

        final int code;
        final int size;
        final String label;

        Type(int code, int size, String label) {
            this.code = code;
            this.size = size;
            this.label = label;
        }

        /** Bytes per element. */
        public int size() {
            return size;
        }

        @Override
        public String toString() {
            return label + " (0x" + String.format("%02X", code) + ")";
        }

        static Type of(int code) {
            for (Type t : values()) {
                if (t.code == code) {
                    return t;
                }
            }
            return null;
        }
    }

    /** The most dimensions an array may have here. */
    public static final int MAX_RANK = 8;

    /** An IDX array as read: its element type, its dimensions and its elements' bytes (big-endian). */
    public record Array(Type type, int[] dims, byte[] data) {
        /** The elements as a buffer to read typed values from. */
        public ByteBuffer buffer() {
            return ByteBuffer.wrap(data);
        }
    }

    private Idx() {
    }

    /** Reads a whole IDX file's bytes; {@code name} names it in errors. */
    public static Array read(byte[] bytes, String name) throws IOException {
        return read(new java.io.ByteArrayInputStream(bytes), name);
    }

    /**
     * Reads an uncompressed IDX stream to its end: a known element type, rank 1 to {@link #MAX_RANK}, sizes that
     * are not negative, exactly the data bytes the header promises; {@code name} names the file in errors.
     */
    public static Array read(InputStream stream, String name) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(stream, 1 << 16));
        int magic;
        try {
            magic = in.readInt();
        } catch (EOFException e) {
            throw new IOException(name + ": empty or cut short before its IDX header, not an IDX file");
        }
        if ((magic >>> 16) != 0) {
            throw new IOException(name + ": not an IDX file (magic 0x" + Integer.toHexString(magic) + ")");
        }
        Type type = Type.of((magic >>> 8) & 0xff);
        if (type == null) {
            throw new IOException(name + ": IDX element type 0x" + Integer.toHexString((magic >>> 8) & 0xff)
                    + " is not one of " + Arrays.toString(Type.values()));
        }
        int rank = magic & 0xff;
        if (rank < 1 || rank > MAX_RANK) {
            throw new IOException(name + ": IDX rank " + rank + " out of range 1.." + MAX_RANK);
        }
        int[] dims = new int[rank];
        long total = type.size;
        try {
            for (int i = 0; i < rank; i++) {
                dims[i] = in.readInt();
                if (dims[i] < 0) {
                    throw new IOException(name + ": negative IDX dimension " + dims[i]);
                }
                total *= dims[i];
                if (total > Integer.MAX_VALUE - 16) {
                    throw new IOException(name + ": IDX data of more than " + (Integer.MAX_VALUE - 16)
                            + " bytes is too large");
                }
            }
        } catch (EOFException e) {
            throw new IOException(name + ": the IDX header is cut short");
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
        return new Array(type, dims, data);
    }

    /** Reads an IDX file that must hold elements of {@code type}. */
    public static Array read(byte[] bytes, String name, Type type) throws IOException {
        return expect(read(bytes, name), name, type);
    }

    /** As {@link #read(InputStream, String)}, for a file that must hold elements of {@code type}. */
    public static Array read(InputStream in, String name, Type type) throws IOException {
        return expect(read(in, name), name, type);
    }

    private static Array expect(Array a, String name, Type type) throws IOException {
        if (a.type() != type) {
            throw new IOException(name + ": IDX elements are " + a.type() + ", " + type + " expected");
        }
        return a;
    }

    /** The number of elements of an array of these dimensions; fails if they do not hold {@code length}. */
    public static long elements(int[] dims) {
        long n = 1;
        for (int d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException("negative IDX dimension in " + Arrays.toString(dims));
            }
            n *= d;
        }
        return n;
    }

    /** Checks that {@code dims} hold exactly {@code length} elements. */
    public static void checkShape(int[] dims, int length, String what) {
        if (dims.length < 1 || dims.length > MAX_RANK) {
            throw new IllegalArgumentException("IDX rank " + dims.length + " out of range 1.." + MAX_RANK);
        }
        long n = elements(dims);
        if (n != length) {
            throw new IllegalArgumentException("IDX dims " + Arrays.toString(dims) + " need " + n + " " + what
                    + ", got " + length);
        }
    }

    /** A buffer with the header of an array of this type and shape written, positioned at its first element. */
    public static ByteBuffer allocate(Type type, int[] dims) {
        long bytes = 4L + 4L * dims.length + elements(dims) * type.size;
        ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(bytes));
        b.putInt((type.code << 8) | dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        return b;
    }
}
