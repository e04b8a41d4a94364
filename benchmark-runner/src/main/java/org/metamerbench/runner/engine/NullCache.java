package org.metamerbench.runner.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.metamerbench.datasets.AtomicFiles;
import org.metamerbench.datasets.Hashing;
import org.metamerbench.runner.acceptance.NullDistribution;

/**
 * Null distributions cached on disk, keyed on the content that decides them: the model's weights
 * hash, the stage, the null pool's hash, the number of pairs, the seed and the algorithm version.
 */
final class NullCache {
    static final String ALGORITHM = "null-1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;

    NullCache(Path dir) {
        this.dir = dir;
    }

    static String key(String modelVersion, String stage, String poolSha, long pairs, long seed) {
        return Hashing.sha256(String.join("|", List.of(ALGORITHM, modelVersion, stage, poolSha,
                Long.toString(pairs), Long.toString(seed))));
    }

    /** The cached distribution, or a computed one that is then cached; {@code dir == null} disables caching. */
    NullDistribution get(String key, Supplier<NullDistribution> compute) throws IOException {
        if (dir == null) {
            return compute.get();
        }
        Path file = dir.resolve(key + ".json");
        if (Files.isRegularFile(file)) {
            try {
                return JSON.readValue(file.toFile(), NullDistribution.class);
            } catch (IOException e) {
                // unreadable cache entry: recompute and overwrite below
            }
        }
        NullDistribution d = compute.get();
        AtomicFiles.write(file, JSON.writeValueAsBytes(d));
        return d;
    }
}
