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

    @Test
    void theExecutorChoosesShardsAndWorkers() {
        assertThrows(IllegalArgumentException.class, () -> ShardedRun.request(List.of("--models", "mlp",
                "--workers", "2", "--out", tmp.toString())));
    }
}
