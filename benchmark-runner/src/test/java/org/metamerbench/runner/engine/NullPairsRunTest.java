package org.metamerbench.runner.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metamerbench.api.DifferentiableModel;
import org.metamerbench.runner.acceptance.NullDistribution;
import org.metamerbench.runner.acceptance.NullDistribution.Statistic;
import org.metamerbench.runner.acceptance.NullPairs;
import org.metamerbench.zoo.ZooProvider;

/** {@code --null-pairs disjoint}: the published code's draw of the null, beside the all-pairs default. */
class NullPairsRunTest {
    @TempDir
    Path out;

    private RunPlan plan(NullPairs pairs, long seed) throws IOException {
        RunConfig cfg = new RunConfig("test", List.of("cnn-s1"), List.of(), List.of("final"), "fashion-mnist-test-100",
                10, "fashion-mnist-train-2000", 1, 5, true, false, seed, 100, 1.0, 20, out, "r", true, List.of(), false,
                pairs);
        return RunPlan.make(cfg, ModelRegistry.of(new ZooProvider()), w -> { });
    }

    @Test
    void theDisjointNullPairsEachPoolImageOnceIsCachedUnderItsSeedAndIsRecorded() throws IOException {
        ModelRegistry models = ModelRegistry.of(new ZooProvider());
        org.metamerbench.runner.synthesis.Generator m = org.metamerbench.runner.synthesis.Generator.inProcess(
                (DifferentiableModel) models.open("cnn-s1"));
        String hash = models.get("cnn-s1").contentHash();
        NullCache cache = new NullCache(out.resolve("null"), w -> { });
        NullDistribution all = Synthesise.nullDistribution(plan(NullPairs.ALL, 1), m, hash, "final", cache);
        NullDistribution d1 = Synthesise.nullDistribution(plan(NullPairs.DISJOINT, 1), m, hash, "final", cache);
        NullDistribution d2 = Synthesise.nullDistribution(plan(NullPairs.DISJOINT, 2), m, hash, "final", cache);
        assertEquals(2000L * 1999, all.pairs());
        assertEquals(1000, d1.pairs(), "2,000 images, each in one pair");
        for (Statistic s : Statistic.values()) {
            assertTrue(d1.max(s) <= all.max(s), s + ": the disjoint pairs are some of all the pairs");
        }
        assertNotEquals(d1.max(Statistic.SNR_DB), d2.max(Statistic.SNR_DB), "another seed, another shuffle");
        NullDistribution again = Synthesise.nullDistribution(plan(NullPairs.DISJOINT, 1), m, hash, "final", cache);
        for (Statistic s : Statistic.values()) {
            assertEquals(java.util.Arrays.toString(d1.quantiles().get(s)), java.util.Arrays.toString(again.quantiles()
                    .get(s)), "read back from the cache under its seed");
        }
        assertEquals(3, java.nio.file.Files.list(out.resolve("null")).count(), "one entry per pairing and seed");

        Object recorded = RunRecordWriter.config(plan(NullPairs.DISJOINT, 1).config()).nullPairs();
        assertTrue(recorded.toString().startsWith("disjoint pairs") && recorded.toString().contains("published"),
                recorded.toString());
        assertEquals("all ordered pairs of the pool", RunRecordWriter.config(plan(NullPairs.ALL, 1).config()).nullPairs());
    }
}
