package org.metamerbench.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

class RankUncertaintyTest {
    /** A model whose per-stimulus score is 1 with probability p, the same for every observer. */
    private static double[] outcomes(double p, int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = rnd.nextDouble() < p ? 1 : 0;
        }
        return x;
    }

    private static ToDoubleFunction<Resample> mean(double[] x) {
        return r -> {
            double num = 0;
            double den = 0;
            for (int i = 0; i < x.length; i++) {
                num += r.stimulus(i) * x[i];
                den += r.stimulus(i);
            }
            return num / den;
        };
    }

    private static List<RankUncertainty.Rank> ranks(double[]... models) {
        List<ToDoubleFunction<Resample>> stats = new ArrayList<>();
        double[] scores = new double[models.length];
        for (int k = 0; k < models.length; k++) {
            stats.add(mean(models[k]));
            scores[k] = stats.get(k).applyAsDouble(Resample.NONE);
        }
        return RankUncertainty.of(scores, stats, models[0].length, List.of(), new Bootstrap(1000, 1));
    }

    @Test
    void clearlySeparatedModelsGetTiersOfTheirOwnAndNarrowIntervals() {
        List<RankUncertainty.Rank> r = ranks(outcomes(0.9, 200, 1), outcomes(0.5, 200, 2), outcomes(0.1, 200, 3));
        assertEquals(List.of(1, 2, 3), r.stream().map(RankUncertainty.Rank::tier).toList());
        for (int k = 0; k < 3; k++) {
            assertEquals(k + 1, r.get(k).low());
            assertEquals(k + 1, r.get(k).high());
        }
    }

    @Test
    void modelsTheStimuliCannotTellApartShareATierAndTheirRankIntervalsOverlap() {
        double[] a = outcomes(0.5, 100, 4);
        double[] b = a.clone();
        b[0] = 1 - b[0]; // one stimulus differs
        double[] c = outcomes(0.05, 100, 5);
        List<RankUncertainty.Rank> r = ranks(a, b, c);
        assertEquals(1, r.get(0).tier());
        assertEquals(1, r.get(1).tier(), "one stimulus apart: not told apart");
        assertEquals(2, r.get(2).tier());
        assertTrue(r.get(0).high() >= 2 || r.get(1).low() <= 1 || r.get(0).low() == r.get(1).low(),
                "overlapping rank intervals: " + r);
    }

    @Test
    void theTwoSidedPValueIsTheNormalTailOfThePairedDifference() {
        // Differences 0.1, 0.1, 0.1, -0.1: mean 0.05, SD 0.1, z = 0.5, p = erfc(0.5 / sqrt 2) = 0.6171.
        double[] a = {0.5, 0.6, 0.7, 0.4};
        double[] b = {0.4, 0.5, 0.6, 0.5};
        assertEquals(0.6171, RankUncertainty.twoSided(a, b), 1e-4);
        assertEquals(0.0455, RankUncertainty.erfc(2 / Math.sqrt(2)), 1e-4, "z = 2");
        assertEquals(1.0, RankUncertainty.twoSided(a, a.clone()), 1e-12);
    }

    @Test
    void aModelFarAboveManyOthersIsATierOfItsOwnDespiteTheCorrectionForManyPairs() {
        // Eight models, 28 pairs: one far ahead, seven close together, as on the full profile.
        double[][] m = new double[8][];
        m[0] = outcomes(0.75, 100, 10);
        for (int k = 1; k < 8; k++) {
            m[k] = outcomes(0.15, 100, 10 + k);
        }
        List<RankUncertainty.Rank> r = ranks(m);
        assertEquals(1, r.get(0).tier());
        assertEquals(1, r.get(0).low());
        assertEquals(1, r.get(0).high());
        for (int k = 1; k < 8; k++) {
            assertEquals(2, r.get(k).tier(), "the seven close models share the second tier");
        }
    }
}
