package org.metamerbench.cli.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metamerbench.cli.Main;

/** Hostile inputs, kind "recovery": the command the harness advises after a fault succeeds. */
class RecoveryFaultsTest {
    @TempDir
    Path tmp;

    private List<String> run(String... more) {
        List<String> a = new ArrayList<>(List.of("run", "--models", "cnn-s1,mlp", "--observers", "cnn-s1,mlp",
                "--stages", "final,fc1_relu", "--stimuli", "10", "--schedule-stages", "1", "--steps", "10",
                "--bootstrap", "20", "--out", tmp.resolve("results").toString(), "--run-id", "w"));
        a.addAll(List.of(more));
        return a;
    }

    @Test
    void aRunWithWorkersStoppedAfterOneShardFinishedIsFinishedByTheSameCommand() throws Exception {
        // what a killed `run --workers 2` leaves when worker 1 had finished: its shard folder, complete (the workers
        // get this JVM's engine thread count, as a worker's shard must have for the merge)
        String threads = Integer.toString(org.metamerbench.runner.engine.Machine.engineThreads());
        assertEquals(0, Main.execute(run("--shard", "1/2").toArray(String[]::new)));
        assertTrue(Files.readString(tmp.resolve("results/w-shard-1-of-2/run.json")).contains("\"shard-complete\""));
        assertEquals(0, Main.execute(run("--workers", "2", "--worker-threads", threads).toArray(String[]::new)), "the same command finishes it");
        String record = Files.readString(tmp.resolve("results/w/run.json"));
        assertTrue(record.contains("\"status\" : \"complete\""), record);
        assertTrue(Files.isRegularFile(tmp.resolve("results/w/report.html")));
        assertTrue(!Files.exists(tmp.resolve("results/w-shard-1-of-2")), "the shards are merged and removed");
        // stopped after the merge, before its report: the same command writes the report
        Files.delete(tmp.resolve("results/w/report.html"));
        assertEquals(0, Main.execute(run("--workers", "2", "--worker-threads", threads).toArray(String[]::new)));
        assertTrue(Files.isRegularFile(tmp.resolve("results/w/report.html")));
    }

    @Test
    void anExperimentFolderIsServedByOneServerAtATime() throws Exception {
        Path run = org.metamerbench.runner.SmallRun.make(tmp.resolve("small"));
        Path dir = tmp.resolve("experiment");
        org.metamerbench.runner.experiment.ExperimentPlan.build(run, dir, "pilot", 2, 1, 1);
        try (var first = org.metamerbench.runner.experiment.ExperimentServer.start(dir, "127.0.0.1", 0)) {
            java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                    () -> org.metamerbench.runner.experiment.ExperimentServer.start(dir, "127.0.0.1", 0));
            assertTrue(e.getMessage().contains("another `experiment serve` holds this folder"), e.getMessage());
        }
        // the first server stopped: the folder is served again
        org.metamerbench.runner.experiment.ExperimentServer.start(dir, "127.0.0.1", 0).close();
    }

    @Test
    void classNamesThatTrialFilesCannotCarryAreRefusedWhenTheExperimentIsBuilt() throws Exception {
        Path run = org.metamerbench.runner.SmallRun.make(tmp.resolve("small"));
        String record = Files.readString(run.resolve("run.json"));
        assertTrue(record.contains("\"Bag\""));
        Files.writeString(run.resolve("run.json"), record.replace("\"Bag\"", "\"Bag|Purse\""));
        org.metamerbench.results.ResultFiles.seal(run); // a lab's own set whose class has a '|'
        Path dir = tmp.resolve("experiment-pipe");
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> org.metamerbench.runner.experiment.ExperimentPlan.build(run, dir, "pilot", 2, 1, 1));
        assertTrue(e.getMessage().contains("class name 'Bag|Purse' cannot be carried"), e.getMessage());
        assertTrue(!Files.exists(dir.resolve("experiment.json")), "nothing built");
    }
}
