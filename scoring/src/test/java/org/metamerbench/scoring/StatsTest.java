package org.metamerbench.scoring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class StatsTest {
    @Test
    void tiesGetTheirAverageRank() {
        assertArrayEquals(new double[] {1, 2.5, 2.5, 4}, Stats.ranks(new double[] {0.1, 0.5, 0.5, 0.9}));
    }

    @Test
    void spearmanOfAMonotoneRelationIsOneAndPearsonIsNot() {
        double[] x = {1, 2, 3, 4, 5};
        double[] y = {1, 4, 9, 16, 25};
        assertEquals(1.0, Stats.spearman(x, y), 1e-12);
        // Pearson r of x and x^2 for 1..5: covariance sum 60, sums of squares 10 and 374.
        assertEquals(60 / Math.sqrt(10 * 374), Stats.pearson(x, y), 1e-12);
    }

    @Test
    void semUsesTheSampleStandardDeviation() {
        // SD of {1, 2, 3, 4} with n - 1 is sqrt(5/3); SEM = that / 2.
        assertEquals(Math.sqrt(5.0 / 3) / 2, Stats.sem(new double[] {1, 2, 3, 4}), 1e-12);
    }
}
