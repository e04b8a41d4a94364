package org.metamerbench.datasets.human;

import org.metamerbench.datasets.csv.StrictCsv;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Published recognition of one generating model's accepted metamers at one stage by one observer
 * model ({@code cross_model_recognition.csv} of Feather et al. 2023).
 */
public record CrossModelRecognition(String modality, String generator, String stage, String observer,
        String choiceSet, int metamers, int correct, double proportionCorrect, double bootstrapSem) {

    public static final List<String> HEADER = List.of("modality", "generating_model", "stage", "observer_model",
            "choice_set", "n_metamers", "n_correct", "proportion_correct", "bootstrap_sem");

    public boolean self() {
        return generator.equals(observer);
    }

    public static List<CrossModelRecognition> read(Path file) throws IOException {
        StrictCsv csv = new StrictCsv(file, HEADER);
        List<CrossModelRecognition> out = new ArrayList<>();
        for (StrictCsv.Row r : csv.rows()) {
            String modality = r.text("modality");
            if (!SummaryFile.MODALITIES.contains(modality)) {
                r.problem("modality", "'" + modality + "' is not one of " + SummaryFile.MODALITIES);
            }
            int n = r.integer("n_metamers", 0);
            int c = r.integer("n_correct", 0);
            if (c > n) {
                r.problem("n_correct", c + " correct of " + n + " metamers");
            }
            out.add(new CrossModelRecognition(modality, r.text("generating_model"), r.text("stage"),
                    r.text("observer_model"), r.text("choice_set"), n, c, r.number("proportion_correct", 0, 1),
                    r.number("bootstrap_sem", 0, 1)));
        }
        csv.throwIfProblems();
        return out;
    }
}
