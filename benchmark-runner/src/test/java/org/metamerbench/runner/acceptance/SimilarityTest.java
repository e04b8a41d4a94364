package org.metamerbench.runner.acceptance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SimilarityTest {
    @Test
    void tiesShareTheirAverageRank() {
        assertArrayEquals(new double[] {2, 2, 2, 4.5, 4.5}, Similarity.averageRanks(new float[] {0, 0, 0, 3, 3}));
        assertArrayEquals(new double[] {3, 1, 2}, Similarity.averageRanks(new float[] {5, -2, 0}));
        // -0 and 0 are the same value
        assertArrayEquals(new double[] {1.5, 1.5, 3}, Similarity.averageRanks(new float[] {-0f, 0f, 1f}));
    }

    @Test
    void spearmanWithTiesMatchesAHandComputedValue() {
        // x ranks: 1.5 1.5 3 4 ; y ranks: 1 2 3.5 3.5 ; Pearson of ranks = 0.8 / sqrt(0.9 * 0.9)...
        float[] x = {0, 0, 1, 2};
        float[] y = {1, 2, 5, 5};
        double[] rx = {1.5, 1.5, 3, 4};
        double[] ry = {1, 2, 3.5, 3.5};
        assertEquals(Similarity.pearson(rx, ry), Similarity.spearman(x, y), 1e-12);
        // by hand: centred rx = -1,-1,.5,1.5 ; ry = -1.5,-.5,1,1 ; sum xy = 1.5+.5+.5+1.5 = 4 ;
        // sum xx = 1+1+.25+2.25 = 4.5 ; sum yy = 2.25+.25+1+1 = 4.5 ; rho = 4/4.5
        assertEquals(4 / 4.5, Similarity.spearman(x, y), 1e-12);
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
