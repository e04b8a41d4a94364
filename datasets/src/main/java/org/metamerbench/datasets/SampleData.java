package org.metamerbench.datasets;

import org.metamerbench.results.FloatIdx;
import org.metamerbench.results.Idx;
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

    /** Reads an IDX array ({@link Idx}) of unsigned bytes, int16 or float32; {@code name} names it in errors. */
    public static SampleData decode(byte[] bytes, String name) throws IOException {
        Idx.Array a;
        try {
            a = Idx.read(bytes, name);
        } catch (IOException e) {
            throw new DatasetIntegrityException(e.getMessage());
        }
        switch (a.type()) {
            case UINT8:
                return new SampleData(a.dims(), a.data(), null);
            case FLOAT32:
                float[] f = new float[a.data().length / 4];
                a.buffer().asFloatBuffer().get(f);
                return new SampleData(a.dims(), null, f);
            default:
                short[] v = new short[a.data().length / 2];
                a.buffer().asShortBuffer().get(v);
                return ofInt16(a.dims(), v);
        }
    }

    /** The IDX file of these samples. */
    public byte[] encode() {
        if (uint8 != null) {
            return new IdxFile(dims, uint8).encode();
        }
        if (float32 != null) {
            return new FloatIdx(dims, float32).encode();
        }
        java.nio.ByteBuffer b = Idx.allocate(Idx.Type.INT16, dims);
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
