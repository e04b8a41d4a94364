package org.metamerbench.datasets.human;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The published human and cross-model recognition data of Feather et al. 2023 (a tidy re-encoding of
 * their public repository's data), read from where it lies; never copied into this repository.
 */
public record PublishedData(Path dir, List<ConditionScore> human, List<CrossModelRecognition> crossModel) {
    public static final String HUMAN_CSV = "human_recognition.csv";
    public static final String CROSS_MODEL_CSV = "cross_model_recognition.csv";
    /** Environment variable naming the folder. */
    public static final String ENV = "METAMER_BENCH_FEATHER2023";

    /** Where to look when no folder is given: $METAMER_BENCH_FEATHER2023, then shared/datasets/feather2023 above the working directory. */
    public static List<Path> candidates() {
        List<Path> out = new ArrayList<>();
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) {
            out.add(Path.of(env));
        }
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            out.add(p.resolve("shared").resolve("datasets").resolve("feather2023"));
        }
        return out;
    }

    /** The first candidate folder holding the data, or null. */
    public static Path locate() {
        return candidates().stream().filter(p -> Files.isRegularFile(p.resolve(HUMAN_CSV))).findFirst().orElse(null);
    }

    public static PublishedData load(Path dir) throws IOException {
        if (dir == null) {
            throw new IOException("the published data of Feather et al. 2023 was not found (looked in "
                    + candidates() + "); pass its folder with --data or set " + ENV);
        }
        return new PublishedData(dir, SummaryFile.read(dir.resolve(HUMAN_CSV)),
                CrossModelRecognition.read(dir.resolve(CROSS_MODEL_CSV)));
    }
}
