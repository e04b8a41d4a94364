package org.metamerbench.results;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunRecordTest {
    @TempDir
    Path dir;

    static RunRecord sample() {
        RunRecord.Config cfg = new RunRecord.Config("quick", List.of("cnn"), List.of("cnn", "mlp"), List.of(),
                "fashion-mnist-test-200", 20, "fashion-mnist-train-2000", null, 8, 3, 24, 1.0, true,
                "published: stages ending in a ReLU", false, 1, 10, "all ordered pairs of the pool", 1.0,
                "published: each statistic above the null maximum", false, 0.5, 200, true, null, null);
        RunRecord.KinshipEntry kin = new RunRecord.KinshipEntry("rule", 0.8, 0.9,
                new RunRecord.Calibration(1, "cnn ~ mlp", 0.41, null),
                List.of(new RunRecord.KinPair("cnn", "mlp", 2000, 0.9, null, 0.4, null, false, null)));
        return new RunRecord(RunRecord.FORMAT, "r1", "complete", "2026-12-02T10:00:00Z", false, null,
                "2026-12-02T10:01:00Z", 60.2, new RunRecord.Harness("0.1.0", "abc", "s1", "n1"), cfg,
                new RunRecord.StimulusSetEntry("fashion-mnist-test-200", "a".repeat(64), 200, 20, "image", null,
                        List.of("T-shirt/top", "Trouser"), List.of("s0", "s1")),
                new RunRecord.Locations(null, null), new RunRecord.NullPool("pool", "b".repeat(64), 2000),
                new RunRecord.Panel("built-in reference panel", "rule", List.of(new RunRecord.Observer("mlp", "h")),
                        "c".repeat(64), kin),
                List.of(new RunRecord.Model("cnn", "1", "d".repeat(64), "logits", List.of("input", "logits"),
                        "all classes", "zoo", true, true, true, new RunRecord.Lineage("r", "1", "t", ""),
                        List.of("logits"), null)),
                List.of(new RunRecord.Refused("bad", "no card")), List.of(new RunRecord.PlannedJob("cnn", "logits")),
                List.of(new RunRecord.Job("cnn", "logits", "ok", "", 1.25, false, true, "djl")),
                new RunRecord.Machine("Linux", "amd64", "cpu", 2, 4096L, "java 17", "DJL", 2, "4 GiB"), null);
    }

    @Test
    void aWrittenRecordReadsBackEqualWithTheFieldNamesOfRunJson() throws IOException {
        RunRecord r = sample();
        r.write(dir);
        assertEquals(r, RunRecord.read(dir));
        String json = Files.readString(dir.resolve(ResultFiles.RUN_JSON));
        for (String field : List.of("\"run_id\" : \"r1\"", "\"content_sha256\"", "\"engine_threads\" : 2",
                "\"from_cache\" : false", "\"synthesis_loop\" : \"djl\"", "\"max_heap_mib\" : 4096",
                "\"their_error_consistency\" : 0.41", "\"largest_error_agreement\" : null")) {
            assertTrue(json.contains(field), field + " in\n" + json);
        }
        // absent optional fields are left out, not written as null
        for (String absent : List.of("\"shard\"", "\"merged_from\"", "\"failure\"", "\"reference_panel\"",
                "\"sample_rate\"", "\"family\"")) {
            assertFalse(json.contains(absent), absent);
        }
        assertArrayEquals(r.toBytes(), RunRecord.read(dir).toBytes(), "reading and writing again changes no byte");
    }

    @Test
    void aRecordOfAVersionThisHarnessDoesNotKnowIsRefusedNamingIt() throws IOException {
        write(new String(sample().toBytes(), StandardCharsets.UTF_8).replace(RunRecord.FORMAT, "metamer-bench run 9"));
        IOException e = assertThrows(IOException.class, () -> RunRecord.read(dir));
        assertTrue(e.getMessage().contains("run.json") && e.getMessage().contains("metamer-bench run 9")
                && e.getMessage().contains("newer harness"), e.getMessage());
        write("{\"format\": \"something else\", \"status\": \"complete\"}");
        e = assertThrows(IOException.class, () -> RunRecord.read(dir));
        assertTrue(e.getMessage().contains("is not a metamer-bench run"), e.getMessage());
    }

    @Test
    void aMalformedOrMissingFieldIsNamed() throws IOException {
        String good = new String(sample().toBytes(), StandardCharsets.UTF_8);
        write(good.replace("\"seconds\" : 1.25", "\"seconds\" : \"slow\""));
        IOException e = assertThrows(IOException.class, () -> RunRecord.read(dir));
        assertTrue(e.getMessage().contains("field 'jobs[0].seconds'"), e.getMessage());
        write(good.replace("\"stimuli\" :", "\"stimuli_renamed\" :"));
        e = assertThrows(IOException.class, () -> RunRecord.read(dir));
        assertTrue(e.getMessage().contains("field 'stimulus_set.stimuli' is missing"), e.getMessage());
        write(good.substring(0, good.length() / 2));
        e = assertThrows(IOException.class, () -> RunRecord.read(dir));
        assertTrue(e.getMessage().startsWith(dir.resolve(ResultFiles.RUN_JSON).toString()), e.getMessage());
        Files.delete(dir.resolve(ResultFiles.RUN_JSON));
        e = assertThrows(IOException.class, () -> RunRecord.read(dir));
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void aVersionOneRecordWrittenBeforeLaterFieldsReadsWithThemAbsent() throws IOException {
        // as the first harness of version 1 wrote it: a counted null pairing, no class labels, lineage or kinship
        write("{\"format\": \"metamer-bench run 1\", \"run_id\": \"old\", \"status\": \"complete\", "
                + "\"config\": {\"null_pairs\": 1000, \"seed\": 3}, \"stimulus_set\": {\"name\": \"s\", "
                + "\"stimuli\": [\"a\"]}, \"models\": [{\"id\": \"m\", \"generator\": true}], \"jobs\": [], "
                + "\"an_unknown_field\": 1}");
        RunRecord r = RunRecord.read(dir);
        assertEquals("1000", r.config().nullPairs());
        assertEquals(3, r.config().seed());
        assertNull(r.stimulusSet().classLabels());
        assertNull(r.models().get(0).lineage());
        assertNull(r.models().get(0).canGenerate());
        assertNull(r.panel());
        assertEquals(List.of(), r.planOrEmpty());
    }

    @Test
    void aMergedRecordHasNoShardAndNamesItsShards() {
        RunRecord shard = new RunRecord(RunRecord.FORMAT, "r", "shard-complete", "t", false,
                new RunRecord.ShardOf(1, 2), "f", 3.0, null, null, sample().stimulusSet(), null, null, null,
                List.of(), List.of(), List.of(), List.of(), null, null);
        RunRecord merged = shard.merged("complete", List.of(), List.of(new RunRecord.MergedShard("1/2", "/x", 3.0,
                2)), "g", 6.0);
        assertNull(merged.shard());
        assertEquals(1, merged.mergedFrom().size());
        assertEquals(6.0, merged.seconds());
        assertEquals("shard-complete", shard.status());
        assertEquals("running", shard.withStatus("running").status());
    }

    private void write(String json) throws IOException {
        Files.writeString(dir.resolve(ResultFiles.RUN_JSON), json);
    }
}
