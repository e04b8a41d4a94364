package org.metamerbench.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metamerbench.scoring.RunResults;
import org.metamerbench.runner.RunTables;
import org.metamerbench.cli.Main;

/**
 * The run's jobs as Spark tasks on {@code local[2]} (two at once), merged on the driver, give the tables of
 * the same run in one process, bit for bit (same engine thread count: the tasks run in this JVM).
 */
class SparkRunTest {
    @TempDir
    Path tmp;

    List<String> options(String runId) {
        return new ArrayList<>(List.of("--models", "mlp,cnn-s1", "--observers", "mlp,cnn-s1,cnn-s2", "--stages",
                "fc1_relu,final", "--stimuli", "10", "--schedule-stages", "2", "--steps", "20", "--bootstrap", "50",
                "--no-cache", "--out", tmp.resolve("results").toString(), "--run-id", runId));
    }

    static SparkConf local2() {
        return new SparkConf().setMaster("local[2]").set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1");
    }

    @Test
    void sparkTasksGiveTheOneProcessRunsTables() throws IOException {
        List<String> one = new ArrayList<>(List.of("run"));
        one.addAll(options("one"));
        assertEquals(0, Main.execute(one.toArray(String[]::new)));

        int code = SparkRun.execute(local2(), options("spark").toArray(String[]::new));
        Path spark = tmp.resolve("results/spark");
        RunResults r = RunResults.load(spark);
        assertEquals(0, code, r.record().jobs().toString());
        assertEquals("complete", r.status());
        assertEquals(4, r.record().mergedFrom().size(), "one task per job of the plan");
        RunTables.assertSame(tmp.resolve("results/one"), spark);
        assertTrue(Files.isRegularFile(spark.resolve("report.html")));
        assertFalse(Files.exists(tmp.resolve("results/spark-shard-1-of-4")), "the tasks' folders are removed");
    }

    @Test
    void fewerTasksThanJobsGroupJobsIntoShards() throws IOException {
        List<String> args = new ArrayList<>(List.of("--tasks", "2"));
        args.addAll(options("two-tasks"));
        args.set(args.indexOf("mlp,cnn-s1"), "mlp");
        assertEquals(0, SparkRun.execute(local2(), args.toArray(String[]::new)));
        RunResults r = RunResults.load(tmp.resolve("results/two-tasks"));
        assertEquals("complete", r.status());
        assertEquals(2, r.record().mergedFrom().size());
        assertEquals(2, r.record().jobs().size());
    }

    @Test
    void optionsThatTheExecutorChoosesAreRefused() {
        List<String> args = options("refused");
        args.addAll(List.of("--shard", "1/2"));
        assertEquals(2, SparkRun.execute(local2(), args.toArray(String[]::new)));
    }
}
