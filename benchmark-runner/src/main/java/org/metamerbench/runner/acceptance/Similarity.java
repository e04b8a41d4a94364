package org.metamerbench.runner.acceptance;

import java.util.Arrays;

/**
 * The three statistics that compare a metamer's activations with its reference's at the matched
 * stage, defined as in the published code of Feather et al. 2023:
 * <ul>
 *   <li>Spearman rho: Pearson correlation of the ranks, ties given their average rank (ReLU stages
 *       hold many zeros; breaking ties arbitrarily would change the result);</li>
 *   <li>Pearson r of the flattened activations;</li>
 *   <li>SNR in dB: {@code 10 log10(||a_ref|| / ||a_ref - a_met||)}, with norms, not squared norms.</li>
 * </ul>
 * A pair in which either activation is all zeros scores 0 on all three (the published null rule);
 * so does a correlation with a constant, non-zero vector, which is undefined.
 */
public final class Similarity {
    private Similarity() {
    }

    /** The three statistics of one pair. */
    public record Scores(double spearman, double pearson, double snrDb) {
        public static final Scores ZERO = new Scores(0, 0, 0);
    }

    public static Scores compare(float[] reference, float[] metamer) {
        if (reference.length != metamer.length) {
            throw new IllegalArgumentException("activations differ in size: " + reference.length + " vs " + metamer.length);
        }
        if (allZero(reference) || allZero(metamer)) {
            return Scores.ZERO;
        }
        return new Scores(spearman(reference, metamer), pearson(reference, metamer), snrDb(reference, metamer));
    }

    public static boolean allZero(float[] a) {
        for (float v : a) {
            if (v != 0f) {
                return false;
            }
        }
        return true;
    }

    public static double pearson(float[] a, float[] b) {
        return pearson(toDouble(a), toDouble(b));
    }

    public static double spearman(float[] a, float[] b) {
        return pearson(averageRanks(a), averageRanks(b));
    }

    /** {@code 10 log10(||ref|| / ||ref - met||)}; +infinity when the two are identical. */
    public static double snrDb(float[] reference, float[] metamer) {
        double signal = 0;
        double noise = 0;
        for (int i = 0; i < reference.length; i++) {
            double r = reference[i];
            double d = r - metamer[i];
            signal += r * r;
            noise += d * d;
        }
        return 10 * Math.log10(Math.sqrt(signal) / Math.sqrt(noise));
    }

    static double pearson(double[] a, double[] b) {
        int n = a.length;
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < n; i++) {
            ma += a[i];
            mb += b[i];
        }
        ma /= n;
        mb /= n;
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < n; i++) {
            double da = a[i] - ma;
            double db = b[i] - mb;
            sab += da * db;
            saa += da * da;
            sbb += db * db;
        }
        if (saa == 0 || sbb == 0) {
            return 0;
        }
        return sab / Math.sqrt(saa * sbb);
    }

    /** Ranks 1..n; tied values share the average of the ranks they span ({@code -0} equals {@code 0}). */
    public static double[] averageRanks(float[] values) {
        double[] ranks = new double[values.length];
        averageRanks(values, new long[values.length], ranks, 0);
        return ranks;
    }

    /**
     * {@link #averageRanks(float[])} written into {@code out} at {@code offset}, sorting in {@code scratch}
     * (at least as long as {@code values}): no allocation, for callers that rank many rows.
     */
    static void averageRanks(float[] values, long[] scratch, double[] out, int offset) {
        int n = values.length;
        // Sort (value, index) pairs packed into longs: order-preserving int bits of the value above
        // the index, so a primitive sort does the work.
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

    /** Int bits whose signed order is the float order (NaN not expected). */
    private static int sortableBits(float v) {
        int b = Float.floatToIntBits(v + 0.0f);
        return b >= 0 ? b : b ^ 0x7fffffff;
    }

    private static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }
}
