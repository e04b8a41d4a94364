package org.metamerbench.results;

/**
 * The comparison of one acceptance statistic with its threshold from the null distribution: the
 * statistic must exceed the threshold (the published rule: a metamer no closer to its reference than
 * some pair of different natural stimuli is not accepted). Where the threshold already sits at the
 * statistic's upper bound (a correlation of 1, which a Spearman rho among 10 logits reaches for some
 * pairs of natural images; an infinite SNR for two stimuli with identical activations), nothing can
 * exceed it, and the metamer must reach the bound itself.
 */
public final class AcceptanceRule {
    /** Correlations within this of 1 count as 1: float rounding of a perfect correlation. */
    public static final double AT_BOUND = 1e-6;

    private AcceptanceRule() {
    }

    /** Spearman rho or Pearson r against its threshold. */
    public static boolean correlationPasses(double value, double threshold) {
        return value > threshold || (threshold >= 1 - AT_BOUND && value >= 1 - AT_BOUND);
    }

    /** SNR in dB against its threshold. */
    public static boolean snrPasses(double value, double threshold) {
        return value > threshold || (threshold == Double.POSITIVE_INFINITY && value == Double.POSITIVE_INFINITY);
    }
}
