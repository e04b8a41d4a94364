package org.metamerbench.reports;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metamerbench.scoring.HumanCalibration;
import org.metamerbench.scoring.HumanRecognition;
import org.metamerbench.scoring.RunResults;
import org.metamerbench.scoring.SyntheticRun;

/**
 * The report marks a human recognition predicted by a calibration fitted on the run's own judgments PREDICTED, and
 * shows none without it. The judgments come from a simulated observer, which exists for tests only.
 */
class CalibratedReportTest {
    @TempDir
    Path root;

    @Test
    void aGeneratorNoOneJudgedIsShownPredictedOnlyUnderAnAdmissibleCalibration() throws IOException {
        List<String> stages = List.of("a", "b", "c");
        RunResults run = SyntheticRun.calibrationRun(root, stages);
        double natural = run.naturalAccuracy().values().stream().mapToDouble(Double::doubleValue).average()
                .orElseThrow();
        HumanRecognition humans = SyntheticRun.simulatedPeople(run, List.of("g0", "g1", "g2", "g3"), stages, natural);
        List<String> why = new ArrayList<>();
        HumanCalibration c = HumanCalibration.fitOnJudgments(run, humans, why::add);
        assertNotNull(c, why.toString());
        String html = Files.readString(HtmlReport.write(run, HumanCalibration.admissible(c, run), humans).html());
        assertTrue(html.contains("PREDICTED"), "g4 has no judgments: its human recognition is predicted");
        String none = Files.readString(HtmlReport.write(run, null, humans).html());
        assertFalse(none.contains("PREDICTED"));
    }
}
