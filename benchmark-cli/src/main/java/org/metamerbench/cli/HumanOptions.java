package org.metamerbench.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.metamerbench.scoring.HumanCalibration;
import org.metamerbench.scoring.HumanRecognition;
import picocli.CommandLine.Option;

/** Where human data comes from, for the commands that show it (run, report, leaderboard build). */
final class HumanOptions {
    @Option(names = "--humans", paramLabel = "DIR", description = "Folder of stored human judgments "
            + "(*.trials.csv, e.g. from `experiment import`) whose recognition of these metamers is shown")
    Path humans;

    @Option(names = "--human-data", paramLabel = "DIR", description = "Published human data (Feather et al. 2023) "
            + "(default: $METAMER_BENCH_FEATHER2023, then shared/datasets/feather2023 above the working "
            + "directory, then the copy that ships with the harness)")
    Path humanData;

    /**
     * The calibration that may predict human recognition for {@code run}'s stimulus set, or null (with a note on
     * stderr saying why): only one fitted on human judgments of that set (the {@code --humans} judgments of the
     * run's own metamers), which matches people's accuracy on its natural stimuli ({@link HumanCalibration#whyNot}).
     */
    HumanCalibration calibration(org.metamerbench.scoring.RunResults run) throws IOException {
        return Calibrations.forRun(humanData, run, judgments());
    }

    private HumanRecognition loaded;

    /** The judgments in {@code --humans}, read once (null: none given). */
    HumanRecognition judgments() throws IOException {
        if (loaded == null && humans != null) {
            loaded = Calibrations.humans(humans);
        }
        return loaded;
    }
}
