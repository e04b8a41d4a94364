package org.metamerbench.datasets;

import java.io.IOException;
import java.util.Arrays;

/**
 * The samples of a stimulus set as stored: an IDX array of {@code [n, ...sample shape]}, either unsigned
 * bytes (images: 0..255 mapped linearly onto the set's value range) or float32 (values as they are, e.g.
 * a waveform in [-1, 1]).
 */
public record SampleData(int[] dims, byte[] uint8, float[] float32) {
    public static final String UINT8 = "uint8";
    public static final String FLOAT32 = "float32";

    public SampleData {
        if ((uint8 == null) == (float32 == null)) {
            throw new IllegalArgumentException("samples are either uint8 or float32");
        }
        if (dims.length < 2) {
            throw new IllegalArgumentException("samples need dims [n, ...], got " + Arrays.toString(dims));
        }
    }

    /** Reads an IDX array of unsigned bytes (type 0x08) or float32 (type 0x0D); {@code name} names it in errors. */
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
        throw new DatasetIntegrityException(name + ": IDX type 0x" + Integer.toHexString(type)
                + " is neither unsigned bytes (0x08) nor float32 (0x0D)");
    }

    public String dtype() {
        return uint8 != null ? UINT8 : FLOAT32;
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
     * from 0..255 onto [lo, hi], float32 values as stored.
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
        } else {
            System.arraycopy(float32, i * per, out, offset, per);
        }
    }
}
