package org.metamerbench.runner.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.metamerbench.datasets.AtomicFiles;
import org.metamerbench.datasets.Hashing;
import org.metamerbench.runner.acceptance.NullBlocks;
import org.metamerbench.runner.acceptance.NullDistribution;
import org.metamerbench.runner.acceptance.NullPairs;

/**
 * Null distributions cached on disk, keyed on the content that decides them: the content hash the
 * harness computed for the model, the stage, the null pool's hash and the algorithm version (the
 * distribution is over every pair of the pool, so no seed enters). Every entry is checked against its
 * checksum when read; a damaged one is reported and computed again. Over all ordered pairs no seed enters;
 * over disjoint pairs the shuffle's seed does.
 */
final class NullCache {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FILE = "null.json";

    private final Path dir;
    private final java.util.function.Consumer<String> log;

    NullCache(Path dir, java.util.function.Consumer<String> log) {
        this.dir = dir;
        this.log = log;
    }

    /**
     * The key of a distribution. Computed in blocks, its Gram products are rounded by the engine in
     * another order than in one block, so the block size enters the key (one block keeps the key it had).
     */
    static String key(String modelContentHash, String stage, String poolSha, NullBlocks blocks) {
        return key(NullPairs.ALL, 0, modelContentHash, stage, poolSha, blocks);
    }

    /** The key of a distribution over {@code pairs} (the shuffle's {@code seed} enters only for disjoint pairs). */
    static String key(NullPairs pairs, long seed, String modelContentHash, String stage, String poolSha,
            NullBlocks blocks) {
        List<String> parts = new java.util.ArrayList<>(List.of(pairs.algorithm(), modelContentHash, stage, poolSha,
                "engine_threads=" + Machine.engineThreads()));
        if (pairs == NullPairs.DISJOINT) {
            parts.add("seed=" + seed);
        } else if (blocks.blocked()) {
            parts.add("rows_per_block=" + blocks.rowsPerBlock());
        }
        return Hashing.sha256(String.join("|", parts));
    }

    /** The cached distribution, or a computed one that is then cached; {@code dir == null} disables caching. */
    NullDistribution get(String key, Supplier<NullDistribution> compute) throws IOException {
        if (dir == null) {
            return compute.get();
        }
        Path entry = dir.resolve(key);
        CacheEntry.State state = CacheEntry.check(entry, List.of(FILE));
        if (state.usable()) {
            try {
                return JSON.readValue(entry.resolve(FILE).toFile(), NullDistribution.class);
            } catch (IOException e) {
                log.accept("null-distribution cache entry " + key + " cannot be read (" + e.getMessage()
                        + "); computing it again");
            }
        } else if (state.problem() != null) {
            log.accept("null-distribution cache entry " + key + ": " + state.problem() + "; computing it again");
        }
        NullDistribution d = compute.get();
        AtomicFiles.deleteTree(dir, entry);
        AtomicFiles.createFolder(dir, entry);
        AtomicFiles.write(entry, entry.resolve(FILE), JSON.writeValueAsBytes(d));
        CacheEntry.seal(entry, List.of(FILE));
        return d;
    }
}
