package org.metamerbench.scoring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The one correlation, its ranks and its zero-variance policy; means and standard errors. */
class CorrelationTest {
    @Test
    void tiesGetTheirAverageRankAndMinusZeroTiesWithZero() {
        assertArrayEquals(new double[] {1, 2.5, 2.5, 4}, Correlation.ranks(new double[] {0.1, 0.5, 0.5, 0.9}));
        assertArrayEquals(new double[] {2, 2, 2, 4.5, 4.5}, Correlation.ranks(new float[] {0, 0, 0, 3, 3}));
        assertArrayEquals(new double[] {3, 1, 2}, Correlation.ranks(new float[] {5, -2, 0}));
        assertArrayEquals(new double[] {1.5, 1.5, 3}, Correlation.ranks(new float[] {-0f, 0f, 1f}));
        assertArrayEquals(new double[] {1.5, 1.5, 3}, Correlation.ranks(new double[] {-0.0, 0.0, 1}));
    }

    @Test
    void spearmanOfAMonotoneRelationIsOneAndPearsonIsNot() {
        double[] x = {1, 2, 3, 4, 5};
        double[] y = {1, 4, 9, 16, 25};
        assertEquals(1.0, Correlation.spearman(x, y), 1e-12);
        // Pearson r of x and x^2 for 1..5: covariance sum 60, sums of squares 10 and 374.
        assertEquals(60 / Math.sqrt(10 * 374), Correlation.pearson(x, y), 1e-12);
    }

    @Test
    void spearmanWithTiesMatchesAHandComputedValue() {
        // ranks of x: 1.5 1.5 3 4; of y: 1 2 3.5 3.5; centred products sum to 4, squares to 4.5 each
        assertEquals(4 / 4.5, Correlation.spearman(new float[] {0, 0, 1, 2}, new float[] {1, 2, 5, 5}), 1e-12);
        assertEquals(4 / 4.5, Correlation.spearman(new double[] {0, 0, 1, 2}, new double[] {1, 2, 5, 5}), 1e-12);
    }

    @Test
    void aSampleWithoutVarianceHasNoCorrelation() {
        double[] constant = {2, 2, 2};
        double[] x = {1, 2, 3};
        assertTrue(Double.isNaN(Correlation.pearson(constant, x)));
        assertTrue(Double.isNaN(Correlation.pearson(x, constant)));
        assertTrue(Double.isNaN(Correlation.spearman(constant, x)));
        assertTrue(Double.isNaN(Correlation.spearman(new float[] {0, 0}, new float[] {1, 2})));
    }

    @Test
    void semUsesTheSampleStandardDeviation() {
        // SD of {1, 2, 3, 4} with n - 1 is sqrt(5/3); SEM = that / 2.
        assertEquals(Math.sqrt(5.0 / 3) / 2, Stats.sem(new double[] {1, 2, 3, 4}), 1e-12);
    }
}
