package org.metamerbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metamerbench.runner.acceptance.NullPairs;

/** A planned run travels to a shard task typed: the task runs the settings and models the driver planned with. */
class ShardedRunTest {
    @TempDir
    Path tmp;

    @Test
    void aPlannedRunReadsBackExactlyFromWhatATaskIsGiven() throws IOException {
        Path plugins = Files.createDirectories(tmp.resolve("plugins"));
        RunExecutor.Request request = ShardedRun.request(List.of("--models", "mlp,cnn-s1", "--observers",
                "mlp,cnn-s1", "--stages", "fc1_relu,final", "--stimuli", "10", "--steps", "7", "--null-pairs",
                "disjoint", "--out", "relative-results", "--run-id", "r1", "--plugins", plugins.toString(),
                "--job-heap", "777", "--no-cache"));
        ShardedRun.Planned planned = request.planned();
        assertTrue(planned.out().isAbsolute(), "the results root is absolute, for tasks in other folders");
        assertEquals("r1", planned.runId());
        assertEquals(4, planned.jobs(), "2 generators x 2 stages");
        assertEquals(777, planned.models().limits().heapMib());
        assertEquals(plugins.toAbsolutePath(), planned.models().plugins());
        assertTrue(planned.models().isolate());

        ShardedRun.Planned back = ShardedRun.Planned.fromJson(planned.toJson());
        assertEquals(planned, back);
        assertEquals(7, back.config().iterationsPerStage());
        assertEquals(NullPairs.DISJOINT, back.config().nullPairs());
        assertFalse(back.config().useCache());
        assertEquals(List.of("mlp", "cnn-s1"), back.config().generators());
        assertEquals(planned.folder(2, 4), back.folder(2, 4));
    }

    @Test
    void aPlanMissingAFieldIsRefusedNamingIt() throws IOException {
        RunExecutor.Request request = ShardedRun.request(List.of("--models", "mlp", "--stages", "final",
                "--stimuli", "10", "--out", tmp.toString(), "--run-id", "r2"));
        String json = request.planned().toJson().replace("\"seed\":", "\"sead\":");
        IOException e = assertThrows(IOException.class, () -> ShardedRun.Planned.fromJson(json));
        assertTrue(e.getMessage().contains("seed"), e.getMessage());
    }

    /**
     * A scheduler runs a task again when its answer was lost with its worker, though the shard may have finished:
     * the second attempt answers what the shard recorded and leaves every file as it was; a shard started with
     * other settings is still refused.
     */
    @Test
    void aFinishedShardRunAgainIsLeftAsItIsAndAnswersWhatItRecorded() throws Exception {
        List<String> options = List.of("--models", "mlp", "--observers", "mlp", "--stages", "fc1_relu,final",
                "--stimuli", "10", "--schedule-stages", "2", "--steps", "6", "--bootstrap", "20", "--no-cache",
                "--out", tmp.resolve("results").toString(), "--run-id", "again");
        ShardedRun.Planned planned = ShardedRun.request(options).planned();
        org.metamerbench.runner.engine.BenchmarkRun.Outcome first = ShardedRun.runShard(planned, 1, 2);
        Path folder = planned.folder(1, 2);
        assertEquals(org.metamerbench.runner.engine.Shard.DONE,
                org.metamerbench.results.RunRecord.read(folder).status());
        java.util.Map<Path, String> before = digests(folder);

        org.metamerbench.runner.engine.BenchmarkRun.Outcome second = ShardedRun.runShard(planned, 1, 2);
        assertEquals(first.jobs().stream().map(j -> j.generator() + "/" + j.stage() + "=" + j.status()).toList(),
                second.jobs().stream().map(j -> j.generator() + "/" + j.stage() + "=" + j.status()).toList());
        assertEquals(1, second.jobs().size(), "shard 1 of 2 of two jobs holds one");
        assertEquals(before, digests(folder), "no file of the finished shard changed");
        assertEquals(null, org.metamerbench.results.ResultFiles.sealProblem(folder));

        List<String> other = new java.util.ArrayList<>(options);
        other.set(other.indexOf("6"), "7");
        ShardedRun.Planned changed = ShardedRun.request(other).planned();
        IOException e = assertThrows(IOException.class, () -> ShardedRun.runShard(changed, 1, 2));
        assertTrue(e.getMessage().contains("iterations") || e.getMessage().contains("steps"), e.getMessage());
        assertEquals(before, digests(folder), "a refused shard changes nothing");
    }

    private static java.util.Map<Path, String> digests(Path dir) throws Exception {
        java.util.Map<Path, String> out = new java.util.TreeMap<>();
        try (java.util.stream.Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().equals(
                    org.metamerbench.results.RunLock.FILE)).toList()) {
                byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p));
                out.put(dir.relativize(p), java.util.HexFormat.of().formatHex(d) + "@"
                        + Files.getLastModifiedTime(p).toMillis());
            }
        }
        return out;
    }

    @Test
    void theExecutorChoosesShardsAndWorkers() {
        assertThrows(IllegalArgumentException.class, () -> ShardedRun.request(List.of("--models", "mlp",
                "--workers", "2", "--out", tmp.toString())));
    }
}
