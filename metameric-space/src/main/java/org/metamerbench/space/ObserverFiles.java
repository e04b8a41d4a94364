package org.metamerbench.space;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.metamerbench.results.AtomicFiles;
import org.metamerbench.results.CsvTable;

/**
 * What {@code mame observe} writes: {@value #THRESHOLDS_CSV} (one row per condition: the threshold, its bootstrap
 * interval, the trials and reversals, the shift reached as a share of the shift asked for, and the control at the
 * threshold), {@value #TRIALS_CSV} (every trial) and {@value #RECORD_JSON} (the models, the dimensions, every setting
 * and the stated deviations). A model observer's answers are a model's: this folder is never human data, and its
 * record says so.
 */
public final class ObserverFiles {
    public static final String THRESHOLDS_CSV = "thresholds.csv";
    public static final String TRIALS_CSV = "trials.csv";
    public static final String RECORD_JSON = "mame.json";
    public static final List<String> THRESHOLDS_HEADER = List.of("condition", "stage", "component", "sign",
            "threshold", "ci_low", "ci_high", "alpha", "beta", "trials", "reversals", "reached_share", "rms_contrast",
            "ssim");
    public static final List<String> TRIALS_HEADER = List.of("trial", "condition", "reference", "level", "reached",
            "correct");

    private ObserverFiles() {
    }

    /** Writes the outcome into {@code dir}; {@code record} holds what run.json would (models, settings, deviations). */
    public static void write(Path dir, ObserverExperiment.Outcome out, Map<String, Object> record) throws IOException {
        List<List<?>> trials = new ArrayList<>();
        for (ObserverExperiment.Trial t : out.trials()) {
            trials.add(List.of(t.index(), t.condition().name(), t.reference(), t.level(), t.reached(), t.correct()));
        }
        write(dir, out.results(), out.results().stream().map(r -> r.condition().name()).toList(), trials, record,
                false);
    }

    /**
     * Writes each condition's result under its name, the trials ({@link #TRIALS_HEADER}'s columns) and the record;
     * {@code humanData} says whether the answers are people's, collected by the browser experiment: a model
     * observer's never are.
     */
    public static void write(Path dir, List<ObserverExperiment.Result> results, List<String> names,
            List<List<?>> trials, Map<String, Object> record, boolean humanData) throws IOException {
        List<List<?>> rows = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            ObserverExperiment.Result r = results.get(i);
            ObserverExperiment.Condition c = r.condition();
            rows.add(List.of(names.get(i), c.stage(), c.component() + 1, c.sign() > 0 ? "+" : "-",
                    r.fit().threshold(), r.fit().low(), r.fit().high(), r.fit().alpha(), r.fit().beta(), r.trials(),
                    r.reversals(), r.meanReached(), r.rmsContrast(), r.ssim()));
        }
        CsvTable.write(dir, dir.resolve(THRESHOLDS_CSV), THRESHOLDS_HEADER, rows);
        CsvTable.write(dir, dir.resolve(TRIALS_CSV), TRIALS_HEADER, trials);
        ObjectMapper om = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = om.valueToTree(record);
        root.put("human_data", humanData);
        AtomicFiles.write(dir, dir.resolve(RECORD_JSON), om.writeValueAsBytes(root));
    }

    /** The record of each stage's dimensions: the components fitted, the chosen ones' explained shares. */
    public static List<Map<String, Object>> describe(List<StageDimensions> dims) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (StageDimensions d : dims) {
            out.add(Map.of("stage", d.stage(), "gram_features", d.ica().mean().length, "components_fitted",
                    d.fitted(), "iterations", d.ica().iterations(), "converged", d.ica().converged(),
                    "explained_share_of_chosen", java.util.Arrays.copyOf(d.ica().explained(),
                            StageDimensions.CHOSEN)));
        }
        return out;
    }
}
