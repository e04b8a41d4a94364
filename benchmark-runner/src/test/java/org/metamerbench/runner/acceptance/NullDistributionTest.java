package org.metamerbench.runner.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.metamerbench.api.Tensor;
import org.metamerbench.datasets.results.AcceptanceRule;
import org.metamerbench.runner.acceptance.NullDistribution.Statistic;

/** The Gram-matrix computation of the null distribution against pair-by-pair brute force. */
class NullDistributionTest {

    private static Tensor pool(int n, int d, long seed) {
        Random r = new Random(seed);
        float[] a = new float[n * d];
        for (int i = 0; i < n; i++) {
            if (i % 7 == 3) {
                continue; // an all-zero activation, as a dead ReLU stage gives
            }
            for (int k = 0; k < d; k++) {
                // ReLU-like: many exact zeros, so ties matter for Spearman
                a[i * d + k] = Math.max(0f, (float) r.nextGaussian() + 0.3f * (k % 5));
            }
        }
        return Tensor.wrap(new int[] {n, d}, a);
    }

    @Test
    void exhaustiveMaximaEqualBruteForce() {
        int n = 40;
        int d = 60;
        Tensor t = pool(n, d, 1);
        NullDistribution nd = NullDistribution.compute(t);
        double sp = Double.NEGATIVE_INFINITY;
        double pe = Double.NEGATIVE_INFINITY;
        double snr = Double.NEGATIVE_INFINITY;
        long zeros = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i == j) {
                    continue;
                }
                Similarity.Scores s = Similarity.compare(t.sample(i).toFloatArray(), t.sample(j).toFloatArray());
                if (s.equals(Similarity.Scores.ZERO)) {
                    zeros++;
                }
                sp = Math.max(sp, s.spearman());
                pe = Math.max(pe, s.pearson());
                snr = Math.max(snr, s.snrDb());
            }
        }
        assertEquals((long) n * (n - 1), nd.pairs());
        assertEquals(zeros, nd.zeroPairs());
        assertEquals(sp, nd.max(Statistic.SPEARMAN), 1e-5);
        assertEquals(pe, nd.max(Statistic.PEARSON), 1e-5);
        assertEquals(snr, nd.max(Statistic.SNR_DB), 1e-4);
    }

    @Test
    void everyPairIsUsedSoTheThresholdsDependOnNoSeed() {
        Tensor t = pool(50, 30, 2);
        NullDistribution a = NullDistribution.compute(t);
        NullDistribution b = NullDistribution.compute(t);
        assertEquals(50L * 49, a.pairs());
        for (Statistic s : Statistic.values()) {
            assertEquals(a.max(s), b.max(s));
            assertTrue(a.quantile(s, 0.5) <= a.quantile(s, 0.99) && a.quantile(s, 0.99) <= a.max(s));
        }
    }

    @Test
    void aMetamerExactlyAtTheNullMaximumIsRejected() {
        Tensor t = pool(20, 30, 4);
        NullDistribution nd = NullDistribution.compute(t);
        Acceptance acc = Acceptance.fromNull(nd, 1.0);
        // The pair that sets the Pearson maximum: its metamer-to-reference statistics equal the thresholds.
        float[] best = null;
        float[] other = null;
        for (int i = 0; i < 20 && best == null; i++) {
            for (int j = 0; j < 20; j++) {
                if (i != j && Math.abs(Similarity.compare(t.sample(i).toFloatArray(), t.sample(j).toFloatArray())
                        .pearson() - nd.max(Statistic.PEARSON)) < 1e-7) {
                    best = t.sample(i).toFloatArray();
                    other = t.sample(j).toFloatArray();
                    break;
                }
            }
        }
        assertTrue(best != null, "the maximum comes from a pair of the pool");
        Similarity.Scores s = Similarity.compare(best, other);
        Acceptance atMax = new Acceptance(s.spearman(), s.pearson(), s.snrDb());
        assertFalse(atMax.judge(best, other, 1, 1).accepted(), "equal to the null maximum is not above it");
        assertTrue(acc.judge(best, best.clone(), 1, 1).accepted(), "the reference itself is above it");
    }

    @Test
    void atAThresholdOnTheStatisticsUpperBoundAMetamerMustReachTheBound() {
        assertTrue(AcceptanceRule.correlationPasses(1.0, 1.0), "a perfect rank correlation where the null has one");
        assertTrue(AcceptanceRule.correlationPasses(0.9999999, 1.0000001), "float rounding of a perfect correlation");
        assertFalse(AcceptanceRule.correlationPasses(0.999, 1.0));
        assertFalse(AcceptanceRule.correlationPasses(0.97, 0.97), "equal to a maximum below the bound is not above it");
        assertTrue(AcceptanceRule.snrPasses(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY));
        assertFalse(AcceptanceRule.snrPasses(80.0, Double.POSITIVE_INFINITY));
    }
}
