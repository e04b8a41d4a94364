package org.metamerbench.runner.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metamerbench.results.Hashing;
import org.metamerbench.results.CsvTable;
import org.metamerbench.results.RecognitionRow;
import org.metamerbench.results.ResultFiles;
import org.metamerbench.datasets.StimulusSetLoader;

/**
 * Observer jobs: one observer's classes of one synthesis job's metamers, as a sealed part that holds
 * only for those metamers and that observer, and that a stopped run keeps.
 */
class ObserverPartTest {
    @TempDir
    Path tmp;

    static final RunPlan.Job JOB = new RunPlan.Job(0, "cnn-s1", "final");
    static final List<String> IDS = List.of("a", "b", "c");

    @Test
    void aPartHoldsOnlyForItsMetamersAndItsObserver() throws IOException {
        ObserverPart.write(tmp, JOB, "mlp", "obs1", "met1", IDS, new int[] {3, 1, 4});
        List<String> warnings = new ArrayList<>();
        assertArrayEquals(new int[] {3, 1, 4}, ObserverPart.read(tmp, JOB, "mlp", "obs1", "met1", IDS, warnings::add));
        assertNull(ObserverPart.read(tmp, JOB, "mlp", "obs2", "met1", IDS, warnings::add), "another observer");
        assertNull(ObserverPart.read(tmp, JOB, "mlp", "obs1", "met2", IDS, warnings::add), "other metamers");
        assertNull(ObserverPart.read(tmp, JOB, "mlp", "obs1", "met1", List.of("a", "c", "b"), warnings::add),
                "other stimuli");
        assertNull(ObserverPart.read(tmp, JOB, "cnn-s2", "obs1", "met1", IDS, warnings::add), "no part");
        assertTrue(warnings.isEmpty(), warnings.toString());

        Path csv = ObserverPart.dir(tmp, JOB, "mlp").resolve(ObserverPart.CSV);
        Files.writeString(csv, Files.readString(csv).replace("a,3", "a,5"));
        assertNull(ObserverPart.read(tmp, JOB, "mlp", "obs1", "met1", IDS, warnings::add), "tampered");
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains(ObserverPart.CSV), warnings.get(0));
        assertFalse(Files.exists(ObserverPart.dir(tmp, JOB, "mlp")), "a damaged part is removed");

        ObserverPart.write(tmp, JOB, "mlp", "obs1", "met1", IDS, new int[] {3, 1, 4});
        ObserverPart.remove(tmp, JOB);
        assertFalse(Files.exists(tmp.resolve(ObserverPart.DIR)), "no empty folders are left");
    }

    private int run(String runId) throws IOException {
        RunConfig cfg = new RunConfig("quick", List.of("cnn-s1"), List.of("cnn-s1", "mlp", "cnn-s2"),
                List.of("fc1_relu", "final"), StimulusSetLoader.DEFAULT_STIMULUS_SET, 10, StimulusSetLoader.DEFAULT_NULL_POOL,
                2, 10, true, false, 1, 100, 1.0, 50, tmp, runId, true, List.of());
        BenchmarkRun.execute(cfg, ModelRegistry.discover(getClass().getClassLoader(), null),
                new BenchmarkRun.Listener() { });
        return 0;
    }

    @Test
    void aStoppedRunKeepsTheObserverPartsItFinishedAndRunsTheOthers() throws IOException {
        assertEquals(0, run("r"));
        Path dir = tmp.resolve("r");
        assertFalse(Files.exists(dir.resolve(ObserverPart.DIR)), "parts are removed once their job is sealed");
        List<RecognitionRow> before = recognition(dir);

        // Stopped while the panel observed cnn-s1 x final: its folder is not sealed, mlp's part is written
        // (with answers no model gives, to tell a kept part from a new classification), cnn-s2's is not.
        ObjectNode record = (ObjectNode) new ObjectMapper().readTree(dir.resolve(ResultFiles.RUN_JSON).toFile());
        record.put("status", "running");
        Files.write(dir.resolve(ResultFiles.RUN_JSON), new ObjectMapper().writeValueAsBytes(record));
        org.metamerbench.results.AtomicFiles.deleteTree(dir, JobOutput.dir(dir, JOB));
        ModelRegistry registry = ModelRegistry.discover(getClass().getClassLoader(), null);
        String metamersSha = ObserverPart.observedSha(Hashing.sha256(ResultFiles.metamerArray(dir, "cnn-s1", "final")),
                RunPlan.OBSERVED_AS_PNG);
        List<String> ids = before.stream().filter(r -> r.observer().equals("mlp") && r.stage().equals("final"))
                .map(RecognitionRow::stimulusId).toList();
        assertTrue(before.stream().anyMatch(r -> r.observer().equals("mlp") && r.stage().equals("final")
                && r.predicted() != 7), "the planted answers differ from mlp's own");
        int[] planted = new int[ids.size()];
        java.util.Arrays.fill(planted, 7);
        ObserverPart.write(dir, JOB, "mlp", registry.get("mlp").contentHash(), metamersSha, ids, planted);

        assertEquals(0, run("r"));
        List<RecognitionRow> after = recognition(dir);
        assertEquals(before.size(), after.size());
        for (int i = 0; i < after.size(); i++) {
            RecognitionRow a = after.get(i);
            RecognitionRow b = before.get(i);
            boolean kept = a.stage().equals("final") && a.observer().equals("mlp");
            assertEquals(kept ? 7 : b.predicted(), a.predicted(), a.toString());
        }
        assertFalse(Files.exists(dir.resolve(ObserverPart.DIR)));
    }

    private static List<RecognitionRow> recognition(Path dir) throws IOException {
        List<RecognitionRow> rows = new ArrayList<>();
        for (CsvTable.Row r : CsvTable.read(dir.resolve(ResultFiles.RECOGNITION_CSV), RecognitionRow.HEADER)) {
            rows.add(RecognitionRow.from(r));
        }
        return rows;
    }
}
