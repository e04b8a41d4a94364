package org.metamerbench.runner.acceptance;

import org.metamerbench.runner.acceptance.NullDistribution.Statistic;

/**
 * The two acceptance criteria of Feather et al. 2023. A metamer is scored only if (1) the generating
 * model gives it the class it gives the natural reference, and (2) at the matched stage its Spearman
 * rho, Pearson r and SNR against the reference each exceed the threshold from the null distribution
 * (the null maximum under the published rule): a metamer no closer to its reference than some pair of
 * different natural images is not accepted. Where the threshold already sits at the statistic's upper
 * bound (a correlation of 1, which a Spearman rho among 10 logits reaches for some pairs of natural
 * images; an infinite SNR for two images with identical activations), nothing can exceed it, and a
 * metamer must reach the bound itself.
 *
 * @param spearman threshold for Spearman rho
 * @param pearson  threshold for Pearson r
 * @param snrDb    threshold for the SNR in dB
 */
public record Acceptance(double spearman, double pearson, double snrDb) {

    /** Thresholds at quantile {@code q} of the null distribution (1 = maximum, the published rule). */
    public static Acceptance fromNull(NullDistribution d, double q) {
        return new Acceptance(d.quantile(Statistic.SPEARMAN, q), d.quantile(Statistic.PEARSON, q),
                d.quantile(Statistic.SNR_DB, q));
    }

    /** The statistics of one metamer and the verdict. */
    public record Verdict(Similarity.Scores scores, boolean classMatch, boolean accepted) {
    }

    public Verdict judge(float[] referenceActivation, float[] metamerActivation, int referenceClass, int metamerClass) {
        Similarity.Scores s = Similarity.compare(referenceActivation, metamerActivation);
        boolean classMatch = referenceClass == metamerClass;
        boolean passes = above(s.spearman(), spearman, 1.0) && above(s.pearson(), pearson, 1.0)
                && above(s.snrDb(), snrDb, Double.POSITIVE_INFINITY);
        return new Verdict(s, classMatch, classMatch && passes);
    }

    /** Correlations within this of 1 count as 1: float rounding of a perfect correlation. */
    static final double AT_BOUND = 1e-6;

    /** {@code value > threshold}, or both at the statistic's upper bound {@code bound}. */
    static boolean above(double value, double threshold, double bound) {
        if (value > threshold) {
            return true;
        }
        boolean thresholdAtBound = bound == Double.POSITIVE_INFINITY ? threshold == bound : threshold >= bound - AT_BOUND;
        boolean valueAtBound = bound == Double.POSITIVE_INFINITY ? value == bound : value >= bound - AT_BOUND;
        return thresholdAtBound && valueAtBound;
    }
}
