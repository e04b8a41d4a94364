package org.metamerbench.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A calibration fitted on stored judgments of a run's own metamers predicts human recognition for that run only,
 * and only where it matches people's accuracy on the natural stimuli. The judgments here come from a simulated
 * observer, which exists for this test only: it answers as the panel does, so the fit can be checked.
 */
class HumanCalibrationTest {
    @TempDir
    Path root;

    private static final List<String> STAGES = List.of("a", "b", "c");

    static RunResults run(Path root) throws IOException {
        return SyntheticRun.calibrationRun(root, STAGES);
    }

    private static HumanRecognition people(RunResults run, List<String> judged, double natural) {
        return SyntheticRun.simulatedPeople(run, judged, STAGES, natural);
    }

    @Test
    void judgmentsOfTheRunsOwnMetamersCalibrateItsPredictions() throws IOException {
        RunResults run = run(root);
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

    }

    @Test
    void tooFewJudgedModelsAnotherSetOrPeopleWhoDisagreeOnNaturalStimuliPredictNothing() throws IOException {
        RunResults run = run(root);
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
