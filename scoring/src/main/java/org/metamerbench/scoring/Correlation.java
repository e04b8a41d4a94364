package org.metamerbench.scoring;

import java.util.Arrays;

/**
 * The one Pearson and Spearman correlation of the project: the acceptance statistics of a metamer and its reference,
 * and the relations of the human analysis, both go through it.
 *
 * <p>Zero-variance policy: a sample whose values are all equal has no correlation with anything, and
 * {@link #pearson} and {@link #spearman} return NaN for it. A caller with a rule of its own for that case states it
 * where it applies it (the acceptance statistics score such a pair 0, as the published null rule does).
 *
 * <p>Sums are plain left-to-right sums in double precision; ranks are 1..n, tied values sharing the average of the
 * ranks they span, and -0 ties with 0.
 */
public final class Correlation {
    private Correlation() {
    }

    /** Pearson's r of two samples of equal length; NaN where either has no variance. */
    public static double pearson(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("samples of " + x.length + " and " + y.length + " values");
        }
        int n = x.length;
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= n;
        my /= n;
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            double dx = x[i] - mx;
            double dy = y[i] - my;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        return sxx == 0 || syy == 0 ? Double.NaN : sxy / Math.sqrt(sxx * syy);
    }

    /** Spearman's rho: Pearson's r of the average ranks; NaN where either sample has no variance. */
    public static double spearman(double[] x, double[] y) {
        return pearson(ranks(x), ranks(y));
    }

    /** Spearman's rho of two float samples (activations). */
    public static double spearman(float[] x, float[] y) {
        return pearson(ranks(x), ranks(y));
    }

    /** Average ranks of doubles (NaN not expected). */
    public static double[] ranks(double[] v) {
        Integer[] order = new Integer[v.length];
        for (int i = 0; i < v.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(v[a] + 0.0, v[b] + 0.0));
        double[] r = new double[v.length];
        int i = 0;
        while (i < v.length) {
            int j = i;
            while (j + 1 < v.length && v[order[j + 1]] + 0.0 == v[order[i]] + 0.0) {
                j++;
            }
            double avg = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                r[order[k]] = avg;
            }
            i = j + 1;
        }
        return r;
    }

    /** Average ranks of floats (NaN not expected). */
    public static double[] ranks(float[] values) {
        double[] ranks = new double[values.length];
        ranks(values, new long[values.length], ranks, 0);
        return ranks;
    }

    /**
     * {@link #ranks(float[])} written into {@code out} at {@code offset}, sorting in {@code scratch} (at least as long
     * as {@code values}): no allocation, for callers that rank many rows.
     */
    public static void ranks(float[] values, long[] scratch, double[] out, int offset) {
        int n = values.length;
        // Sort (value, index) pairs packed into longs: order-preserving int bits of the value above the index, so a
        // primitive sort does the work.
        for (int i = 0; i < n; i++) {
            scratch[i] = ((long) sortableBits(values[i]) << 32) | i;
        }
        Arrays.sort(scratch, 0, n);
        int i = 0;
        while (i < n) {
            int bits = (int) (scratch[i] >> 32);
            int j = i;
            while (j + 1 < n && (int) (scratch[j + 1] >> 32) == bits) {
                j++;
            }
            double avg = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                out[offset + (int) scratch[k]] = avg;
            }
            i = j + 1;
        }
    }

    /** Int bits whose signed order is the float order, -0 taken as 0. */
    private static int sortableBits(float v) {
        int b = Float.floatToIntBits(v + 0.0f);
        return b >= 0 ? b : b ^ 0x7fffffff;
    }
}
