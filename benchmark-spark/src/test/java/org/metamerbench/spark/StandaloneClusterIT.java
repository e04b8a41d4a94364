package org.metamerbench.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metamerbench.runner.RunTables;
import org.metamerbench.results.AtomicFiles;
import org.metamerbench.scoring.RunResults;

/**
 * The documented {@code spark-submit} line (docs/clusters.md), run as written against a real standalone
 * cluster: a master and two workers, each its own JVM on 127.0.0.1 started from a Spark 3.5.6 home (module
 * spark-home), the run submitted through Spark's launcher and {@code SparkSubmit} with the documented
 * options and class-path order. One worker is killed, with its executor, once the first task has finished;
 * Spark runs the lost tasks again on the other worker, and the merged tables must equal those of the same
 * run in one process with the same engine thread count, byte for byte.
 *
 * <p>Runs after {@code package} (Maven Failsafe), since the line names the built jars.
 */
class StandaloneClusterIT {
    static final Path ROOT = Path.of(System.getProperty("metamerbench.root", "..")).toAbsolutePath().normalize();
    static final Path SPARK_HOME = ROOT.resolve("spark-home/target/spark-home");
    static final String DOCUMENTED_ROOT = "/shared/metamer-bench";
    static final String DOCUMENTED_MASTER = "spark://head:7077";

    @TempDir
    Path tmp;

    List<String> runOptions(String runId) {
        return List.of("--models", "mlp,cnn-s1", "--observers", "mlp,cnn-s1,cnn-s2", "--stages", "fc1_relu,final",
                "--stimuli", "10", "--schedule-stages", "2", "--steps", "40", "--bootstrap", "50", "--no-cache",
                "--out", tmp.resolve("results").toString(), "--run-id", runId);
    }

    @Test
    void theDocumentedSubmitLineSurvivesALostWorkerAndGivesTheOneProcessRunsTables() throws Exception {
        Path results = tmp.resolve("results");
        // The reference: the same plan in one process, with the engine thread count the line gives executors.
        List<String> one = new ArrayList<>(List.of(StandaloneCluster.java(), "-Dai.djl.offline=true",
                "-Dai.djl.pytorch.num_threads=2", "-Dai.djl.pytorch.num_interop_threads=1", "-jar",
                ROOT.resolve("benchmark-cli/target/metamer-bench.jar").toString(), "run"));
        one.addAll(runOptions("one"));
        Process ref = new ProcessBuilder(one).redirectErrorStream(true).redirectOutput(tmp.resolve("one.log").toFile())
                .start();
        assertTrue(ref.waitFor(10, TimeUnit.MINUTES), "the one-process run ends");
        assertEquals(0, ref.exitValue(), Files.readString(tmp.resolve("one.log")));

        Path conf = Files.createDirectories(tmp.resolve("conf"));
        // What a site sets in SPARK_CONF_DIR: where the driver listens, memory, no web UI.
        Files.writeString(conf.resolve("spark-defaults.conf"), String.join("\n",
                "spark.driver.host 127.0.0.1", "spark.driver.bindAddress 127.0.0.1", "spark.ui.enabled false",
                "spark.executor.memory 2g", "spark.driver.memory 2g", ""));
        Map<String, String> env = Map.of("SPARK_CONF_DIR", conf.toString(), "SPARK_LOCAL_IP", "127.0.0.1",
                "SPARK_DAEMON_JAVA_OPTS", "-Dspark.worker.timeout=10");
        // The cluster's logs and work folders stay in target/ for a look after a failure.
        Path folder = ROOT.resolve("benchmark-spark/target/standalone-cluster");
        AtomicFiles.deleteTree(folder.getParent(), folder);
        try (StandaloneCluster cluster = new StandaloneCluster(SPARK_HOME, folder, env, 2, 2, "3g")) {
            Path script = tmp.resolve("submit.sh");
            Files.writeString(script, submitScript(cluster));
            ProcessBuilder pb = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true)
                    .redirectOutput(cluster.logFile("driver").toFile());
            pb.environment().put("SPARK_HOME", SPARK_HOME.toString());
            pb.environment().put("SPARK_SCALA_VERSION", "2.13");
            pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
            pb.environment().putAll(env);
            Process driver = pb.start();
            try {
                cluster.awaitLog("driver", () -> cluster.log("driver").contains("Finished task"), driver,
                        Duration.ofMinutes(8));
                assertFalse(cluster.executorsOf(1).isEmpty(), "worker 1 runs an executor when it is killed");
                cluster.kill(1);
                assertTrue(driver.waitFor(10, TimeUnit.MINUTES), "the submitted run ends");
            } finally {
                driver.descendants().forEach(ProcessHandle::destroyForcibly);
                driver.destroyForcibly();
            }
            String log = cluster.log("driver");
            assertEquals(0, driver.exitValue(), StandaloneCluster.tail(log));
            assertTrue(log.contains("Lost executor"), "the driver saw the executor go:\n" + StandaloneCluster.tail(log));
            Matcher tasks = Pattern.compile("Finished task \\d+\\.(\\d+) in stage \\S+ \\(TID \\d+\\) in \\d+ ms on "
                    + "127\\.0\\.0\\.1 \\(executor (\\d+)\\)").matcher(log);
            List<String> executors = new ArrayList<>();
            int retried = 0;
            while (tasks.find()) {
                executors.add(tasks.group(2));
                retried += tasks.group(1).equals("0") ? 0 : 1;
            }
            assertEquals(4, executors.size(), "four tasks finished: " + executors);
            assertTrue(retried >= 1, "a task lost with the worker was run again (a later attempt finished)");
        }
        Path spark = results.resolve("cluster");
        RunResults r = RunResults.load(spark);
        assertEquals("complete", r.status());
        assertEquals(4, r.record().mergedFrom().size(), "one task per job of the plan");
        RunTables.assertSame(results.resolve("one"), spark);
        assertTrue(Files.isRegularFile(spark.resolve("report.html")));
    }

    /**
     * The fenced block of docs/clusters.md that holds the spark-submit line, with the documented checkout
     * path, master and run options replaced by this test's, after a {@code spark-submit} that does what
     * Spark's script does (the launcher builds the command; it is run).
     */
    String submitScript(StandaloneCluster cluster) throws IOException {
        String doc = Files.readString(ROOT.resolve("docs/clusters.md"));
        Matcher block = Pattern.compile("```\\n(LIB=[^`]*?spark-submit [^`]*?)```").matcher(doc);
        assertTrue(block.find(), "docs/clusters.md has the spark-submit block");
        String line = block.group(1);
        assertTrue(line.contains(DOCUMENTED_ROOT) && line.contains(DOCUMENTED_MASTER), line);
        Matcher options = Pattern.compile("\\n  (--profile [^\\n]*)\\n$").matcher(line);
        assertTrue(options.find(), "the block ends with the run's options: " + line);
        line = line.substring(0, options.start()) + "\n  " + String.join(" ", runOptions("cluster")) + "\n";
        line = line.replace(DOCUMENTED_ROOT, ROOT.toString()).replace(DOCUMENTED_MASTER, cluster.masterUrl());
        String launcher = StandaloneCluster.java() + " -Xmx128m -cp \"$SPARK_HOME/jars/*\" org.apache.spark.launcher.Main";
        return "set -euo pipefail\n"
                + "spark-submit() {\n"
                + "  local cmd=()\n"
                + "  while IFS= read -r -d '' part; do\n"
                + "    part=\"${part#$'\\n'}\"\n"
                + "    [ -n \"$part\" ] && cmd+=(\"$part\")\n"
                + "  done < <(" + launcher
                + " org.apache.spark.deploy.SparkSubmit \"$@\")\n"
                + "  echo \"spark-submit runs: ${cmd[*]}\"\n"
                + "  \"${cmd[@]}\"\n"
                + "}\n" + line;
    }
}
