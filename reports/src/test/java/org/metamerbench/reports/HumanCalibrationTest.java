package org.metamerbench.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metamerbench.datasets.human.Trial;

/**
 * A calibration fitted on stored judgments of a run's own metamers predicts human recognition for that run only,
 * and only where it matches people's accuracy on the natural stimuli. The judgments here come from a simulated
 * observer, which exists for this test only: it answers as the panel does, so the fit can be checked.
 */
class HumanCalibrationTest {
    @TempDir
    Path root;

    private static final List<String> STAGES = List.of("a", "b", "c");

    private RunResults run() throws IOException {
        SyntheticRun s = new SyntheticRun().stimuli(40).seed(3);
        double[][] p = {{0.9, 0.6, 0.2}, {0.85, 0.45, 0.15}, {0.95, 0.75, 0.5}, {0.8, 0.3, 0.1}, {0.9, 0.5, 0.3}};
        for (int g = 0; g < p.length; g++) {
            s.generator("g" + g, STAGES, new double[] {1, 1, 1}, p[g]);
        }
        return RunResults.load(s.write(root, "r"));
    }

    /** Simulated trials: people recognise each condition as often as the panel does; natural trials at {@code natural}. */
    private static HumanRecognition people(RunResults run, List<String> judged, double natural) {
        SplittableRandom rnd = new SplittableRandom(5);
        List<Trial> trials = new ArrayList<>();
        List<String> choices = SyntheticRun.CLASSES;
        for (int participant = 0; participant < 12; participant++) {
            int n = 0;
            for (String g : judged) {
                for (String stage : STAGES) {
                    double p = run.stageData(g, stage).crossRecognition(Resample.NONE);
                    for (int i = 0; i < 20; i++) {
                        boolean right = rnd.nextDouble() < p;
                        trials.add(new Trial("e", "p" + participant, ++n, g, stage, "test-0000" + (i % 10), false,
                                "c0", choices, right ? "c0" : "c1", right, 900, Instant.EPOCH));
                    }
                }
            }
            for (int i = 0; i < 40; i++) {
                boolean right = rnd.nextDouble() < natural;
                trials.add(new Trial("e", "p" + participant, ++n, "", "", "test-0000" + (i % 10), false, "c0", choices,
                        right ? "c0" : "c1", right, 900, Instant.EPOCH));
            }
        }
        return HumanRecognition.of(trials, Map.of());
    }

    @Test
    void judgmentsOfTheRunsOwnMetamersCalibrateItsPredictionsAndTheReportShowsThem() throws IOException {
        RunResults run = run();
        double panelNatural = run.naturalAccuracy().values().stream().mapToDouble(Double::doubleValue).average()
                .orElseThrow();
        HumanRecognition humans = people(run, List.of("g0", "g1", "g2", "g3"), panelNatural);
        List<String> why = new ArrayList<>();
        HumanCalibration c = HumanCalibration.fitOnJudgments(run, humans, why::add);
        assertNotNull(c, why.toString());
        assertEquals(run.stimulusSetSha(), c.domain());
        assertNull(c.whyNot(run), "fitted on this set, and people score on natural stimuli what it predicts");
        double cross = run.stageData("g4", "b").crossRecognition(Resample.NONE);
        assertEquals(cross, c.predict(cross, run.chance()), 0.1, "people answer as the panel: prediction near identity");
        assertTrue(c.describe().contains("stored human judgments of this stimulus set"), c.describe());

        String html = Files.readString(HtmlReport.write(run, HumanCalibration.admissible(c, run), humans).html());
        assertTrue(html.contains("PREDICTED"), "g4 has no judgments: its human recognition is predicted");
        String none = Files.readString(HtmlReport.write(run, null, humans).html());
        assertFalse(none.contains("PREDICTED"));
    }

    @Test
    void tooFewJudgedModelsAnotherSetOrPeopleWhoDisagreeOnNaturalStimuliPredictNothing() throws IOException {
        RunResults run = run();
        List<String> why = new ArrayList<>();
        assertNull(HumanCalibration.fitOnJudgments(run, people(run, List.of("g0", "g1"), 0.9), why::add));
        assertTrue(why.get(0).contains("cover 2 generating models and 6 scored stages"), why.get(0));

        HumanCalibration c = HumanCalibration.fitOnJudgments(run, people(run, List.of("g0", "g1", "g2", "g3"), 0.45),
                w -> { });
        assertNotNull(c);
        String refused = c.whyNot(run);
        assertNotNull(refused, "people score 45% on natural stimuli where the fit predicts about 90%");
        assertTrue(refused.contains("in the same judgments"), refused);
        assertNull(HumanCalibration.admissible(c, run));

        HumanCalibration fitted = HumanCalibration.fitOnJudgments(run, people(run, List.of("g0", "g1", "g2", "g3"),
                0.9), w -> { });
        String other = fitted.whyNot("another", "f".repeat(64), 0.9, 0.1);
        assertTrue(other != null && other.contains("another stimulus set"), String.valueOf(other));
    }
}
