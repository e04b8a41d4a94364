package org.metamerbench.runner.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.metamerbench.results.AtomicFiles;
import org.metamerbench.runner.acceptance.NullBlocks;
import org.metamerbench.runner.acceptance.NullDistribution;
import org.metamerbench.runner.acceptance.NullPairs;

/**
 * Null distributions cached on disk, keyed on the content that decides them ({@link CacheKey}, stored in the
 * entry): the harness version, the engine (name, version, device, threads), the content hash the harness computed
 * for the model, the stage, the null pool's hash and the algorithm version (the
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
    static CacheKey key(String job, String modelContentHash, String stage, String poolSha, NullBlocks blocks) {
        return key(job, NullPairs.ALL, 0, modelContentHash, stage, poolSha, blocks);
    }

    /** The key of a distribution over {@code pairs} (the shuffle's {@code seed} enters only for disjoint pairs). */
    static CacheKey key(String job, NullPairs pairs, long seed, String modelContentHash, String stage, String poolSha,
            NullBlocks blocks) {
        java.util.Map<String, String> f = new java.util.LinkedHashMap<>();
        f.put("algorithm", pairs.algorithm());
        f.put("model_content", modelContentHash);
        f.put("stage", stage);
        f.put("pool", poolSha);
        if (pairs == NullPairs.DISJOINT) {
            f.put("seed", Long.toString(seed));
        } else if (blocks.blocked()) {
            f.put("rows_per_block", Integer.toString(blocks.rowsPerBlock()));
        }
        return CacheKey.of("null", job, f);
    }

    /** The cached distribution, or a computed one that is then cached; {@code dir == null} disables caching. */
    NullDistribution get(CacheKey cacheKey, Supplier<NullDistribution> compute) throws IOException {
        if (dir == null) {
            return compute.get();
        }
        String key = cacheKey.hash();
        Path entry = dir.resolve(key);
        List<String> files = List.of(FILE, CacheKey.FILE);
        CacheEntry.State state = CacheEntry.check(entry, files);
        if (state.usable()) {
            try {
                return JSON.readValue(entry.resolve(FILE).toFile(), NullDistribution.class);
            } catch (IOException e) {
                log.accept("null-distribution cache entry " + key + " cannot be read (" + e.getMessage()
                        + "); computing it again");
            }
        } else if (state.problem() != null) {
            log.accept("null-distribution cache entry " + key + ": " + state.problem() + "; computing it again");
        } else {
            String why = cacheKey.explainMiss(dir);
            if (why != null) {
                log.accept("no cached null distribution for " + cacheKey.job() + " under this key: " + why);
            }
        }
        NullDistribution d = compute.get();
        AtomicFiles.deleteTree(dir, entry);
        AtomicFiles.createFolder(dir, entry);
        AtomicFiles.write(entry, entry.resolve(FILE), JSON.writeValueAsBytes(d));
        cacheKey.write(entry);
        CacheEntry.seal(entry, files);
        return d;
    }
}
