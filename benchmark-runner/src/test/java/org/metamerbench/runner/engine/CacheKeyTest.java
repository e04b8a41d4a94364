package org.metamerbench.runner.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metamerbench.api.Modality;
import org.metamerbench.api.Stage;
import org.metamerbench.runner.HarnessInfo;
import org.metamerbench.runner.acceptance.NullBlocks;
import org.metamerbench.runner.acceptance.NullDistribution;
import org.metamerbench.runner.synthesis.MetamerSynthesizer;
import org.metamerbench.runner.synthesis.SynthesisConfig;

/**
 * Cache keys hold everything that changes bits (the harness version, the engine's name, version and device, its
 * thread count), every entry stores its key's fields, and a miss names the field that differs.
 */
class CacheKeyTest {
    @TempDir
    Path tmp;

    static final List<String> ENGINE_FIELDS = List.of("harness_version", "djl_version", "engine", "engine_version",
            "device", "engine_threads");

    static CacheKey synthesisKey(SynthesisConfig cfg) {
        return synthesisKey(cfg, null);
    }

    static CacheKey synthesisKey(SynthesisConfig cfg, String stopCheck) {
        return SynthesisCache.key("cnn-s1 x final", "sha256:abc", new Stage("final", new int[] {10}, false), "set-sha",
                List.of("s1", "s2"), new long[] {1, 2}, cfg, stopCheck);
    }

    @Test
    void theStoppingRuleAndUnderItTheAcceptanceCheckAreInTheKey() {
        SynthesisConfig fixed = SynthesisConfig.published(2, 3, Modality.IMAGE);
        SynthesisConfig adaptive = fixed.withStopping(org.metamerbench.api.harness.StopRule.adaptive(3 * 10));
        assertNotEquals(synthesisKey(fixed).hash(), synthesisKey(adaptive, "spearman 0.9").hash());
        assertNotEquals(synthesisKey(adaptive, "spearman 0.9").hash(), synthesisKey(adaptive, "spearman 0.91").hash(),
                "metamers that stopped at another threshold are other metamers");
        assertNotEquals(synthesisKey(adaptive, "spearman 0.9").hash(), synthesisKey(
                fixed.withStopping(new org.metamerbench.api.harness.StopRule(true, 3, 0.02)), "spearman 0.9").hash());
        // Under the fixed budget the check decides nothing and is left out.
        assertEquals(synthesisKey(fixed).hash(), synthesisKey(fixed, "spearman 0.9").hash());
    }

    static CacheKey with(CacheKey k, String field, String value) {
        Map<String, String> f = new LinkedHashMap<>(k.fields());
        f.put(field, value);
        return new CacheKey(k.kind(), k.job(), f);
    }

    static MetamerSynthesizer.Batch batch() {
        List<MetamerSynthesizer.Metamer> m = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            m.add(new MetamerSynthesizer.Metamer(new float[] {i, 0.5f, 1}, 0.1 * i, new int[] {0}, new double[] {1},
                    10, i + 1, "budget"));
        }
        return new MetamerSynthesizer.Batch(m, 1.5, "harness");
    }

    @Test
    void everyKeyHoldsTheHarnessVersionAndTheEngineThatMadeTheBits() {
        SynthesisConfig cfg = SynthesisConfig.published(2, 5, Modality.IMAGE);
        CacheKey s = synthesisKey(cfg);
        CacheKey n = NullCache.key("cnn-s1 x final", "sha256:abc", "final", "pool-sha", NullBlocks.plan(20, 10,
                Long.MAX_VALUE));
        for (CacheKey k : List.of(s, n)) {
            assertTrue(k.fields().keySet().containsAll(ENGINE_FIELDS), k.kind() + ": " + k.fields().keySet());
            assertEquals(HarnessInfo.version(), k.fields().get("harness_version"));
            assertEquals(ai.djl.engine.Engine.getEngine("PyTorch").defaultDevice().toString(), k.fields().get("device"));
            for (String f : ENGINE_FIELDS) {
                assertNotEquals(k.hash(), with(k, f, "other").hash(), k.kind() + ": " + f + " changes the key");
            }
        }
        assertEquals(s, CacheKey.parse(s.text()), "the stored fields read back as the key");
        assertNotEquals(s.hash(), synthesisKey(SynthesisConfig.published(2, 6, Modality.IMAGE)).hash());
    }

    @Test
    void aMissOfTheSynthesisCacheNamesTheFieldThatDiffers() throws IOException {
        List<String> log = new ArrayList<>();
        SynthesisCache cache = new SynthesisCache(tmp.resolve("synthesis"), log::add);
        CacheKey cpu = synthesisKey(SynthesisConfig.published(2, 5, Modality.IMAGE));
        cache.store(cpu, batch(), new int[] {3});
        Path entry = tmp.resolve("synthesis").resolve(cpu.hash());
        assertEquals(cpu, CacheKey.parse(Files.readString(entry.resolve(CacheKey.FILE))), "the entry holds its key");
        assertNotNull(cache.load(cpu));
        assertEquals(List.of(), log);

        CacheKey gpu = with(cpu, "device", "gpu(0)");
        assertNull(cache.load(gpu), "metamers made on the CPU are not reused on a GPU");
        assertEquals(1, log.size(), log.toString());
        assertTrue(log.get(0).contains("cnn-s1 x final") && log.get(0).contains("device (cached "
                + cpu.fields().get("device") + ", now gpu(0))"), log.get(0));

        log.clear();
        CacheKey other = new CacheKey(cpu.kind(), "cnn-s2 x final", with(cpu, "device", "gpu(0)").fields());
        assertNull(cache.load(other));
        assertEquals(List.of(), log, "nothing to say when the cache holds nothing for the job");
    }

    @Test
    void aMissOfTheNullCacheNamesTheFieldThatDiffers() throws IOException {
        List<String> log = new ArrayList<>();
        NullCache cache = new NullCache(tmp.resolve("null"), log::add);
        NullBlocks one = NullBlocks.plan(20, 10, Long.MAX_VALUE);
        CacheKey k = NullCache.key("cnn-s1 x final", "sha256:abc", "final", "pool-sha", one);
        int[] computed = {0};
        java.util.function.Supplier<NullDistribution> compute = () -> {
            computed[0]++;
            return NullDistribution.compute(org.metamerbench.api.Tensor.wrap(new int[] {4, 3},
                    new float[] {1, 2, 3, 3, 1, 2, 0, 1, 1, 2, 2, 0}));
        };
        cache.get(k, compute);
        cache.get(k, compute);
        assertEquals(1, computed[0], "the second is read from the cache");
        cache.get(with(k, "engine_version", "9.9.9"), compute);
        assertEquals(2, computed[0]);
        assertTrue(log.stream().anyMatch(l -> l.contains("no cached null distribution for cnn-s1 x final")
                && l.contains("engine_version (cached " + k.fields().get("engine_version") + ", now 9.9.9)")),
                log.toString());
    }
}
