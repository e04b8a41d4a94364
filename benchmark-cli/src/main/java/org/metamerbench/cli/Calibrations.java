package org.metamerbench.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.metamerbench.datasets.human.PublishedData;
import org.metamerbench.scoring.HumanCalibration;
import org.metamerbench.scoring.PublishedAnalysis;

/** The calibration of human from model recognition, fitted on the published data where it can be found. */
final class Calibrations {
    private Calibrations() {
    }

    /**
     * The calibration of a modality ("image" or "audio", the published data's names), or null (with a line on
     * stderr) when the published data is not found; a folder given explicitly that cannot be read is an error.
     */
    static HumanCalibration of(Path data, String modality) throws IOException {
        Path dir = data != null ? data : PublishedData.locate();
        if (dir == null) {
            System.err.println("note: published human data not found (set " + PublishedData.ENV + " or pass "
                    + "--human-data); no human recognition is predicted");
            return null;
        }
        PublishedAnalysis.Relation rel = PublishedAnalysis.of(PublishedData.load(dir)).relation(modality);
        return rel == null ? null : HumanCalibration.fit(rel);
    }

    /**
     * The calibration that may predict human recognition for {@code run}, or null with a note saying why: first one
     * fitted on {@code humans}, stored judgments of the run's own metamers (null: none), then the published data's
     * (if found), which is fitted on other stimuli and so predicts nothing for a run on this harness's sets; either
     * must pass {@link HumanCalibration#whyNot}.
     */
    static HumanCalibration forRun(Path data, org.metamerbench.scoring.RunResults run,
            org.metamerbench.scoring.HumanRecognition humans) throws IOException {
        java.util.List<String> why = new java.util.ArrayList<>();
        if (humans != null) {
            HumanCalibration own = HumanCalibration.fitOnJudgments(run, humans, why::add);
            if (own != null) {
                String w = own.whyNot(run);
                if (w == null) {
                    return own;
                }
                why.add(w);
            }
        }
        Path dir = data != null ? data : PublishedData.locate();
        PublishedAnalysis.Relation rel = dir == null ? null
                : PublishedAnalysis.of(PublishedData.load(dir)).relation(run.publishedModality());
        HumanCalibration published = rel == null ? null : HumanCalibration.fit(rel);
        if (published != null) {
            String w = published.whyNot(run);
            if (w == null) {
                return published;
            }
            why.add(w);
        }
        if (!why.isEmpty()) {
            System.err.println("note: no human recognition is predicted for " + run.stimulusSetName() + ": "
                    + String.join("; ", why));
        }
        return null;
    }

    /** Stored trial-level judgments in {@code dir} (null: none); refused files and excluded participants are reported. */
    static org.metamerbench.scoring.HumanRecognition humans(Path dir) throws IOException {
        if (dir == null) {
            return null;
        }
        var h = org.metamerbench.scoring.HumanRecognition.load(dir);
        h.refused().forEach((f, e) -> System.err.println("warning: refused " + e.getMessage()));
        if (!h.excludedParticipants().isEmpty()) {
            System.err.println("note: participants below the catch-trial threshold are left out: "
                    + h.excludedParticipants());
        }
        return h;
    }
}
