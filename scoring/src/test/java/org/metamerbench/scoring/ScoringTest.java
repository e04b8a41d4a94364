package org.metamerbench.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.metamerbench.results.MetamerRow;
import org.metamerbench.results.NaturalRow;
import org.metamerbench.results.RecognitionRow;

class ScoringTest {

    private static MetamerRow metamer(String g, String stage, String id, boolean accepted) {
        return new MetamerRow(g, "v", stage, id, 1, 0, 10, "budget", 0.1, 1, 1, 1, 1, 1, 30, 0.9, 0.9, 5, accepted);
    }

    @Test
    void selfAndCrossRecognitionCountOnlyAcceptedMetamers() {
        List<MetamerRow> m = new ArrayList<>();
        List<RecognitionRow> r = new ArrayList<>();
        List<NaturalRow> nat = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String id = "s" + i;
            boolean accepted = i < 30;
            m.add(metamer("g", "fc", id, accepted));
            r.add(new RecognitionRow("g", "fc", id, 1, "g", 1, accepted));                  // self: always right
            r.add(new RecognitionRow("g", "fc", id, 1, "o1", i % 2 == 0 ? 1 : 0, accepted)); // 50 %
            r.add(new RecognitionRow("g", "fc", id, 1, "o2", i % 3 == 0 ? 1 : 0, accepted)); // 10 of 30
            nat.add(new NaturalRow("o1", id, 1, 1));
            nat.add(new NaturalRow("o2", id, 1, i < 36 ? 1 : 0));
        }
        StageScore s = Scoring.score(StageData.of(m, r, nat, null, null), new Bootstrap(2000, 1)).get(0);
        assertEquals(40, s.metamers());
        assertEquals(30, s.accepted());
        assertEquals(0.75, s.passRate(), 1e-12);
        assertEquals(1.0, s.self(), 1e-12);
        assertEquals(0.0, s.selfSe(), 1e-12);
        assertEquals((15 / 30.0 + 10 / 30.0) / 2, s.cross(), 1e-12);
        assertEquals(2, s.observers());
        // p_natural over the stimuli of the accepted metamers (s0..s29), which both observers know.
        assertEquals(1.0, s.crossNatural(), 1e-12);
        // The bootstrap draws the 30 stimuli and the 2 observers together. By the law of total variance over the
        // observer draw (both o1 with probability 1/4, both o2 1/4, one of each 1/2), its variance is the mean
        // over draws of the stimulus variance of that draw's per-stimulus score, plus the variance of the draws'
        // means; a bootstrap over stimuli alone would give only the one-of-each term's first part (about 0.063).
        double[][] draws = {{1, 0}, {0, 1}, {0.5, 0.5}};
        double[] probability = {0.25, 0.25, 0.5};
        double[] means = new double[3];
        double within = 0;
        for (int k = 0; k < 3; k++) {
            double[] per = new double[30];
            for (int i = 0; i < 30; i++) {
                per[i] = draws[k][0] * (i % 2 == 0 ? 1 : 0) + draws[k][1] * (i % 3 == 0 ? 1 : 0);
                means[k] += per[i] / 30;
            }
            double var = 0;
            for (double v : per) {
                var += (v - means[k]) * (v - means[k]) / 30;
            }
            within += probability[k] * var / 30;
        }
        double overall = 0;
        for (int k = 0; k < 3; k++) {
            overall += probability[k] * means[k];
        }
        double between = 0;
        for (int k = 0; k < 3; k++) {
            between += probability[k] * (means[k] - overall) * (means[k] - overall);
        }
        double analytic = Math.sqrt(within + between);
        assertEquals(analytic, s.crossSe(), 0.1 * analytic);
        assertTrue(s.crossSe() > 0.08, "the spread between observers is part of the SE");
    }

    @Test
    void recognisabilityIsNormalisedBetweenChanceAndNaturalAccuracy() {
        assertEquals(0.5, StageScore.normalise(0.55, 1.0, 0.1), 1e-12);
        assertEquals(0.0, StageScore.normalise(0.05, 1.0, 0.1), 1e-12);
        assertEquals(1.0, StageScore.normalise(1.0, 0.9, 0.1), 1e-12);
        assertTrue(Double.isNaN(StageScore.normalise(Double.NaN, 0.9, 0.1)));
    }

    @Test
    void aStageWithoutAcceptedMetamersHasNoScore() {
        List<MetamerRow> m = List.of(metamer("g", "fc", "a", false));
        List<RecognitionRow> r = List.of(new RecognitionRow("g", "fc", "a", 1, "o", 1, false));
        StageScore s = Scoring.score(StageData.of(m, r, List.of(new NaturalRow("o", "a", 1, 1)), null, null),
                new Bootstrap(100, 1)).get(0);
        assertEquals(0, s.accepted());
        assertTrue(Double.isNaN(s.cross()));
        assertTrue(Double.isNaN(s.crossRecognisability(0.1)));
    }
}
