package org.metamerbench.runner.acceptance;

import org.metamerbench.scoring.Correlation;

/**
 * The three statistics that compare a metamer's activations with its reference's at the matched
 * stage, defined as in the published code of Feather et al. 2023:
 * <ul>
 *   <li>Spearman rho: Pearson correlation of the ranks, ties given their average rank (ReLU stages
 *       hold many zeros; breaking ties arbitrarily would change the result);</li>
 *   <li>Pearson r of the flattened activations;</li>
 *   <li>SNR in dB: {@code 10 log10(||a_ref|| / ||a_ref - a_met||)}, with norms, not squared norms.</li>
 * </ul>
 * The correlations are {@link Correlation}'s. A pair in which either activation is all zeros scores 0 on all three
 * (the published null rule); so does a correlation with a constant, non-zero vector, which is undefined
 * ({@link Correlation} returns NaN for it; this rule makes it 0).
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

    /** Pearson's r ({@link Correlation#pearson}), 0 where either has no variance (the rule above). */
    public static double pearson(float[] a, float[] b) {
        return orZero(Correlation.pearson(toDouble(a), toDouble(b)));
    }

    /** Spearman's rho ({@link Correlation#spearman}), 0 where either has no variance (the rule above). */
    public static double spearman(float[] a, float[] b) {
        return orZero(Correlation.spearman(a, b));
    }

    /** The acceptance statistics' rule for an undefined correlation (a sample without variance): it scores 0. */
    private static double orZero(double r) {
        return Double.isNaN(r) ? 0 : r;
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

    private static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }
}
