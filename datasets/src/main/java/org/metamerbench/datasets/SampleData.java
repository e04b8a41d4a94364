package org.metamerbench.datasets;

import org.metamerbench.results.FloatIdx;
import org.metamerbench.results.IdxFile;
import java.io.IOException;
import java.util.Arrays;

/**
 * The samples of a stimulus set as stored: an IDX array of {@code [n, ...sample shape]}, either unsigned
 * bytes (images: 0..255 mapped linearly onto the set's value range), float32 (values as they are, e.g.
 * a waveform in [-1, 1]) or int16 (sound as 16-bit PCM: v / 32768, in a set whose range is [-1, 1]).
 */
public record SampleData(int[] dims, byte[] uint8, float[] float32, short[] int16) {
    public static final String UINT8 = "uint8";
    public static final String FLOAT32 = "float32";
    public static final String INT16 = "int16";
    /** IDX element type of signed 16-bit integers. */
    static final int IDX_INT16 = 0x0B;

    public SampleData(int[] dims, byte[] uint8, float[] float32) {
        this(dims, uint8, float32, null);
    }

    public SampleData {
        int given = (uint8 != null ? 1 : 0) + (float32 != null ? 1 : 0) + (int16 != null ? 1 : 0);
        if (given != 1) {
            throw new IllegalArgumentException("samples are either uint8, float32 or int16");
        }
        if (dims.length < 2) {
            throw new IllegalArgumentException("samples need dims [n, ...], got " + Arrays.toString(dims));
        }
    }

    /** 16-bit PCM samples. */
    public static SampleData ofInt16(int[] dims, short[] values) {
        return new SampleData(dims, null, null, values);
    }

    /** Floats in [-1, 1] as 16-bit PCM: round(v * 32768), limited to [-32768, 32767]. */
    public static short[] toInt16(float[] v) {
        short[] out = new short[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (short) Math.max(-32768, Math.min(32767, Math.round(v[i] * 32768f)));
        }
        return out;
    }

    /** Reads an IDX array of unsigned bytes (type 0x08), int16 (0x0B) or float32 (0x0D); {@code name} names it in errors. */
    public static SampleData decode(byte[] bytes, String name) throws IOException {
        if (bytes.length < 4) {
            throw new DatasetIntegrityException(name + ": too short for an IDX file");
        }
        int type = bytes[2] & 0xff;
        if (type == 0x08) {
            IdxFile f = IdxFile.read(new java.io.ByteArrayInputStream(bytes), name);
            return new SampleData(f.dims(), f.data(), null);
        }
        if (type == 0x0D) {
            FloatIdx f = FloatIdx.decode(bytes, name);
            return new SampleData(f.dims(), null, f.data());
        }
        if (type == IDX_INT16) {
            return decodeInt16(bytes, name);
        }
        throw new DatasetIntegrityException(name + ": IDX type 0x" + Integer.toHexString(type)
                + " is not unsigned bytes (0x08), int16 (0x0B) or float32 (0x0D)");
    }

    private static SampleData decodeInt16(byte[] bytes, String name) throws IOException {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes); // IDX is big-endian
        int rank = bytes[3] & 0xff;
        if (bytes.length < 4 + 4L * rank) {
            throw new DatasetIntegrityException(name + ": the IDX header is cut short");
        }
        int[] dims = new int[rank];
        long n = 1;
        for (int i = 0; i < rank; i++) {
            dims[i] = b.getInt(4 + 4 * i);
            if (dims[i] < 0) {
                throw new DatasetIntegrityException(name + ": negative size " + dims[i] + " in the IDX header");
            }
            n *= dims[i];
        }
        long expected = 4L + 4L * rank + 2L * n;
        if (bytes.length != expected) {
            throw new DatasetIntegrityException(name + ": " + bytes.length + " bytes, header promises " + expected);
        }
        short[] v = new short[(int) n];
        b.position(4 + 4 * rank);
        b.asShortBuffer().get(v);
        return ofInt16(dims, v);
    }

    /** The IDX file of these samples. */
    public byte[] encode() {
        if (uint8 != null) {
            return new IdxFile(dims, uint8).encode();
        }
        if (float32 != null) {
            return new FloatIdx(dims, float32).encode();
        }
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 + 4 * dims.length + 2 * int16.length);
        b.putInt((IDX_INT16 << 8) | dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        b.asShortBuffer().put(int16);
        return b.array();
    }

    public String dtype() {
        return uint8 != null ? UINT8 : float32 != null ? FLOAT32 : INT16;
    }

    public int count() {
        return dims[0];
    }

    /** The shape of one sample: the dims after the first. */
    public int[] sampleShape() {
        return Arrays.copyOfRange(dims, 1, dims.length);
    }

    /** Values per sample. */
    public int sampleSize() {
        int n = 1;
        for (int k = 1; k < dims.length; k++) {
            n *= dims[k];
        }
        return n;
    }

    /**
     * Writes sample {@code i} as floats into {@code out} at {@code offset}: unsigned bytes mapped linearly
     * from 0..255 onto [lo, hi], float32 values as stored, int16 values divided by 32768.
     */
    public void copySample(int i, float[] out, int offset, float lo, float hi) {
        int per = sampleSize();
        if (uint8 != null) {
            float scale = (hi - lo) / 255f;
            for (int p = 0; p < per; p++) {
                int v = uint8[i * per + p] & 0xff;
                // lo + v * scale, written so that 0 -> lo and 255 -> hi exactly, and [0, 1] keeps v / 255f.
                out[offset + p] = lo == 0f && hi == 1f ? v / 255f : lo + v * scale;
            }
        } else if (float32 != null) {
            System.arraycopy(float32, i * per, out, offset, per);
        } else {
            for (int p = 0; p < per; p++) {
                out[offset + p] = int16[i * per + p] / 32768f;
            }
        }
    }
}
