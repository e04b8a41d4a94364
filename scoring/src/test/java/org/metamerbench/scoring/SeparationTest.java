package org.metamerbench.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SeparationTest {
    @Test
    void countsThePairsApartByMoreThanTwiceTheSeOfTheirDifference() {
        // 0.10 vs 0.50: |0.4| > 2 sqrt(0.02^2 + 0.02^2) = 0.057; 0.50 vs 0.53: 0.03 < 0.057.
        Separation s = Separation.of(new double[] {0.10, 0.50, 0.53}, new double[] {0.02, 0.02, 0.02});
        assertEquals(3, s.pairs());
        assertEquals(2, s.separatedPairs());
        double mean = (0.10 + 0.50 + 0.53) / 3;
        double sd = Math.sqrt(((0.10 - mean) * (0.10 - mean) + (0.50 - mean) * (0.50 - mean)
                + (0.53 - mean) * (0.53 - mean)) / 2);
        assertEquals(sd / 0.02, s.ratio(), 1e-9);
        assertTrue(Double.isNaN(Separation.of(new double[] {0.5}, new double[] {0.1}).ratio()), "one model: no spread");
    }
}
