package org.metamerbench.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metamerbench.results.ResultFiles;
import org.metamerbench.results.RunLock;
import org.metamerbench.scoring.RunResults;
import org.metamerbench.runner.isolation.ChildJvm;

/**
 * A run killed (SIGKILL) in the middle is told apart from a running one, and the same command again
 * finishes it under its own run id, with the results of a run that was never interrupted.
 */
class RunResumeTest {
    @TempDir
    Path tmp;

    static final List<String> ARGS = List.of("--models", "cnn-s1", "--observers", "cnn-s1,mlp", "--stages",
            "conv1_relu,fc1_relu,final", "--stimuli", "10", "--schedule-stages", "8", "--steps", "60", "--bootstrap",
            "50", "--no-cache");

    static List<String> run(Path out, String runId) {
        List<String> a = new ArrayList<>(List.of("run"));
        a.addAll(ARGS);
        a.addAll(List.of("--out", out.toString(), "--run-id", runId));
        return a;
    }

    /** Jobs whose output folder is sealed (each job writes its own, the last file being its checksums). */
    static long finishedJobs(Path dir) {
        return List.of("conv1_relu", "fc1_relu", "final").stream()
                .filter(s -> Files.isRegularFile(dir.resolve("jobs/cnn-s1").resolve(s).resolve("checksums.sha256")))
                .count();
    }

    @Test
    void aKilledRunIsStoppedAndTheSameCommandFinishesIt() throws Exception {
        Path out = tmp.resolve("results");
        Path dir = out.resolve("r1");
        List<String> cmd = new ArrayList<>(List.of(ChildJvm.java(), "-Dai.djl.offline=true", "-cp",
                ChildJvm.classpath(), Main.class.getName()));
        cmd.addAll(run(out, "r1"));
        Process child = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("child.log").toFile()).start();
        try {
            // Wait until the first job is stored, then check the folder is seen as running.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (finishedJobs(dir) < 1) {
                assertTrue(child.isAlive(), "the child ended early: " + Files.readString(tmp.resolve("child.log")));
                assertTrue(System.nanoTime() < deadline, "no job finished in 120 s");
                Thread.sleep(50);
            }
            assertEquals("running", RunLock.effectiveStatus(dir, "running"));
            Object[] r = ZooVariant.capture(() -> Main.execute(run(out, "r1").toArray(String[]::new)));
            assertEquals(2, r[0], (String) r[1]);
            assertTrue(((String) r[1]).contains("run r1 is running"), (String) r[1]);
        } finally {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
        assertTrue(finishedJobs(dir) < 3, "killed before its last job");
        JsonNode recorded = new ObjectMapper().readTree(dir.resolve(ResultFiles.RUN_JSON).toFile());
        assertEquals("running", recorded.path("status").asText(), "run.json still says running");
        assertEquals("stopped", RunLock.effectiveStatus(dir, recorded.path("status").asText()));

        // Another engine thread count would mix metamers that differ in their last bits: refused, with the fix.
        Path runJson = dir.resolve(ResultFiles.RUN_JSON);
        String original = Files.readString(runJson);
        int threads = recorded.at("/machine/engine_threads").asInt(-1);
        assertTrue(threads >= 1, "run.json records the engine's thread count");
        Files.writeString(runJson, original.replace("\"engine_threads\" : " + threads, "\"engine_threads\" : 99"));
        Object[] t = ZooVariant.capture(() -> Main.execute(run(out, "r1").toArray(String[]::new)));
        assertEquals(2, t[0], (String) t[1]);
        assertTrue(((String) t[1]).contains("engine_threads was 99, now " + threads + " (set "
                + "-Dai.djl.pytorch.num_threads=99"), (String) t[1]);
        Files.writeString(runJson, original);

        // Other settings under the same run id are refused, naming what differs.
        List<String> other = new ArrayList<>(run(out, "r1"));
        other.set(other.indexOf("60"), "70");
        Object[] r = ZooVariant.capture(() -> Main.execute(other.toArray(String[]::new)));
        assertEquals(2, r[0], (String) r[1]);
        assertTrue(((String) r[1]).contains("iterations_per_stage was 60, now 70"), (String) r[1]);

        r = ZooVariant.capture(() -> Main.execute(run(out, "r1").toArray(String[]::new)));
        assertEquals(0, r[0], (String) r[1]);
        assertTrue(((String) r[1]).contains("run r1 was stopped; finishing it"), (String) r[1]);
        RunResults done = RunResults.load(dir);
        assertEquals("complete", done.status());
        assertTrue(done.record().resumed());
        assertTrue(done.record().jobs().get(0).fromCache(), "the finished job was kept");
        assertFalse(done.record().jobs().get(2).fromCache(), "the last job ran after");

        // The same run, never interrupted.
        r = ZooVariant.capture(() -> Main.execute(run(out, "r2").toArray(String[]::new)));
        assertEquals(0, r[0], (String) r[1]);
        Path whole = out.resolve("r2");
        for (String stage : List.of("conv1_relu", "fc1_relu", "final")) {
            assertArrayEquals(Files.readAllBytes(ResultFiles.metamerArray(whole, "cnn-s1", stage)),
                    Files.readAllBytes(ResultFiles.metamerArray(dir, "cnn-s1", stage)), stage + " metamers");
        }
        for (String table : List.of(ResultFiles.RECOGNITION_CSV, ResultFiles.NATURAL_CSV, ResultFiles.SCORES_CSV,
                ResultFiles.NULL_CSV, ResultFiles.LOSS_CURVES_CSV)) {
            assertEquals(Files.readString(whole.resolve(table)), Files.readString(dir.resolve(table)), table);
        }
        r = ZooVariant.capture(() -> Main.execute(run(out, "r1").toArray(String[]::new)));
        assertEquals(2, r[0]);
        assertTrue(((String) r[1]).contains("run r1 is complete"), (String) r[1]);
    }
}
