package org.metamerbench.runner.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SimilarityTest {
    @Test
    void anUndefinedCorrelationScoresZeroInTheAcceptanceStatistics() {
        // a constant, non-zero activation: no correlation (NaN in Correlation), 0 by the acceptance rule
        assertEquals(0.0, Similarity.pearson(new float[] {2, 2, 2}, new float[] {1, 2, 3}));
        assertEquals(0.0, Similarity.spearman(new float[] {2, 2, 2}, new float[] {1, 2, 3}));
        assertEquals(4 / 4.5, Similarity.spearman(new float[] {0, 0, 1, 2}, new float[] {1, 2, 5, 5}), 1e-12);
    }

    @Test
    void snrUsesNormsNotSquaredNorms() {
        float[] ref = {3, 4};      // ||ref|| = 5
        float[] met = {3, 3.5f};   // ||ref - met|| = 0.5
        assertEquals(10 * Math.log10(5 / 0.5), Similarity.snrDb(ref, met), 1e-9);
        assertEquals(10.0, Similarity.snrDb(ref, met), 1e-9);
    }

    @Test
    void anAllZeroActivationScoresZeroOnAllThree() {
        assertEquals(Similarity.Scores.ZERO, Similarity.compare(new float[] {0, 0, 0}, new float[] {1, 2, 3}));
        assertEquals(Similarity.Scores.ZERO, Similarity.compare(new float[] {1, 2, 3}, new float[] {0, 0, 0}));
    }

    @Test
    void identicalActivationsAreCorrelatedOneWithInfiniteSnr() {
        float[] a = {0, 1, 0, 2.5f, 7};
        Similarity.Scores s = Similarity.compare(a, a.clone());
        assertEquals(1.0, s.spearman(), 1e-12);
        assertEquals(1.0, s.pearson(), 1e-12);
        assertEquals(Double.POSITIVE_INFINITY, s.snrDb());
    }
}
