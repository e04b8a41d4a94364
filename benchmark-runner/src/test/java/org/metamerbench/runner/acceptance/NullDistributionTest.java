package org.metamerbench.runner.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.metamerbench.api.Tensor;
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
        NullDistribution nd = NullDistribution.compute(t, Long.MAX_VALUE, 0);
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
    void sampledPairsAreSeededAndBoundedByTheExhaustiveMaximum() {
        Tensor t = pool(50, 30, 2);
        NullDistribution all = NullDistribution.compute(t, Long.MAX_VALUE, 0);
        NullDistribution a = NullDistribution.compute(t, 500, 9);
        NullDistribution b = NullDistribution.compute(t, 500, 9);
        assertEquals(500, a.pairs());
        for (Statistic s : Statistic.values()) {
            assertEquals(a.max(s), b.max(s));
            assertTrue(a.max(s) <= all.max(s) + 1e-9);
            assertTrue(a.quantile(s, 0.5) <= a.quantile(s, 0.99) && a.quantile(s, 0.99) <= a.max(s));
        }
    }
}
