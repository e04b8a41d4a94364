package org.metamerbench.runner.acceptance;

import org.metamerbench.results.AcceptanceRule;
import org.metamerbench.runner.acceptance.NullDistribution.Statistic;

/**
 * The two acceptance criteria of Feather et al. 2023. A metamer is scored only if (1) the generating
 * model gives it the class it gives the natural reference, and (2) at the matched stage its Spearman
 * rho, Pearson r and SNR against the reference each exceed the threshold from the null distribution
 * (the null maximum under the published rule), as {@link AcceptanceRule} compares them.
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
        boolean passes = AcceptanceRule.correlationPasses(s.spearman(), spearman)
                && AcceptanceRule.correlationPasses(s.pearson(), pearson) && AcceptanceRule.snrPasses(s.snrDb(), snrDb);
        return new Verdict(s, classMatch, classMatch && passes);
    }
}
