package org.metamerbench.datasets.human;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Loads every human-judgment file of a folder (trial-level {@code *.trials.csv}, summary form
 * {@code *.summary.csv}): a file that fails validation is refused and reported with its problems,
 * and the valid files beside it are still loaded.
 */
public final class HumanDatasets {
    public static final String TRIALS_SUFFIX = ".trials.csv";
    public static final String SUMMARY_SUFFIX = ".summary.csv";

    /** What was loaded, and what was refused. */
    public record Loaded(Map<Path, List<Trial>> trials, Map<Path, List<ConditionScore>> summaries,
            Map<Path, IOException> refused) {
    }

    private HumanDatasets() {
    }

    public static Loaded load(Path dir, StimulusCatalogue catalogue) throws IOException {
        Map<Path, List<Trial>> trials = new LinkedHashMap<>();
        Map<Path, List<ConditionScore>> summaries = new LinkedHashMap<>();
        Map<Path, IOException> refused = new LinkedHashMap<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path f : files) {
            String name = f.getFileName().toString();
            try {
                if (name.endsWith(TRIALS_SUFFIX)) {
                    trials.put(f, TrialFile.read(f, catalogue));
                } else if (name.endsWith(SUMMARY_SUFFIX)) {
                    summaries.put(f, SummaryFile.read(f));
                }
            } catch (IOException e) {
                refused.put(f, e);
            }
        }
        return new Loaded(trials, summaries, refused);
    }
}
