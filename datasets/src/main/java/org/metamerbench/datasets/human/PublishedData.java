package org.metamerbench.datasets.human;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The published human and cross-model recognition data of Feather et al. 2023 (a tidy re-encoding of
 * their public repository's data). A copy ships in this module ({@link #BUILT_IN}, with its provenance README and
 * the source's MIT licence beside it), so a fresh clone has it; a folder named by {@link #ENV}, or
 * {@code shared/datasets/feather2023} above the working directory, is read instead where it exists.
 */
public record PublishedData(Path dir, List<ConditionScore> human, List<CrossModelRecognition> crossModel) {
    public static final String HUMAN_CSV = "human_recognition.csv";
    public static final String CROSS_MODEL_CSV = "cross_model_recognition.csv";
    /** Environment variable naming the folder. */
    public static final String ENV = "METAMER_BENCH_FEATHER2023";

    /** The resource folder of the shipped copy. */
    public static final String BUILT_IN = "/org/metamerbench/datasets/human/feather2023/";

    /**
     * Where to look when no folder is given: $METAMER_BENCH_FEATHER2023, then shared/datasets/feather2023 above the
     * working directory, then the shipped copy.
     */
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
        Path shipped = builtIn();
        if (shipped != null) {
            out.add(shipped);
        }
        return out;
    }

    /** Where the data was read, for a user: its folder, or the copy inside the harness's jar. */
    public String where() {
        return dir.getFileSystem() == java.nio.file.FileSystems.getDefault() ? dir.toString()
                : "the copy shipped in the harness jar (" + dir + ")";
    }

    /** The shipped copy as a folder (inside the jar, read through its zip file system), or null if absent. */
    public static Path builtIn() {
        java.net.URL url = PublishedData.class.getResource(BUILT_IN + HUMAN_CSV);
        if (url == null) {
            return null;
        }
        try {
            java.net.URI uri = url.toURI();
            if (uri.getScheme().equals("jar")) {
                try {
                    java.nio.file.FileSystems.newFileSystem(uri, java.util.Map.of());
                } catch (java.nio.file.FileSystemAlreadyExistsException open) {
                    // opened before: the path below resolves in it
                }
            }
            return Path.of(uri).getParent();
        } catch (java.net.URISyntaxException | IOException | RuntimeException e) {
            return null;
        }
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
