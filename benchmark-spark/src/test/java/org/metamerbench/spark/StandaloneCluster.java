package org.metamerbench.spark;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A Spark standalone cluster on 127.0.0.1: a master and workers, each its own JVM started the way Spark's
 * {@code spark-class} script starts it (Spark's launcher, {@code org.apache.spark.launcher.Main}, builds the
 * java command line from SPARK_HOME/jars and the conf folder, which is then run). Each process writes its
 * output to a log file under the cluster's folder.
 */
final class StandaloneCluster implements AutoCloseable {
    private final Path sparkHome;
    private final Path folder;
    private final Map<String, String> env;
    private final List<Process> processes = new ArrayList<>();
    private final List<Process> workers = new ArrayList<>();
    private final String masterUrl;

    /**
     * Starts a master and {@code workers} workers of {@code cores} cores and {@code memory} each, and waits
     * until all are registered. {@code env} is added to every process's environment (SPARK_CONF_DIR etc.).
     */
    StandaloneCluster(Path sparkHome, Path folder, Map<String, String> env, int workerCount, int cores, String memory)
            throws IOException {
        this.sparkHome = sparkHome;
        this.folder = Files.createDirectories(folder);
        this.env = Map.copyOf(env);
        if (!Files.isDirectory(sparkHome.resolve("jars"))) {
            throw new IllegalStateException(sparkHome.resolve("jars") + " is missing: build the module spark-home "
                    + "(mvn -Pspark package)");
        }
        int port = freePort();
        masterUrl = "spark://127.0.0.1:" + port;
        try {
            Process master = start("master", "org.apache.spark.deploy.master.Master", List.of("--host", "127.0.0.1",
                    "--port", Integer.toString(port), "--webui-port", Integer.toString(freePort())));
            awaitLog("master", () -> log("master").contains("I have been elected leader"), master,
                    Duration.ofSeconds(90));
            for (int i = 1; i <= workerCount; i++) {
                Path work = Files.createDirectories(folder.resolve("work-" + i));
                String name = "worker-" + i;
                Process w = start(name, "org.apache.spark.deploy.worker.Worker", List.of("--host", "127.0.0.1",
                        "--cores", Integer.toString(cores), "--memory", memory, "--work-dir", work.toString(),
                        "--webui-port", Integer.toString(freePort()), masterUrl));
                workers.add(w);
                awaitLog(name, () -> log(name).contains("Successfully registered with master"), w,
                        Duration.ofSeconds(90));
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    String masterUrl() {
        return masterUrl;
    }

    Path logFile(String name) {
        return folder.resolve(name + ".log");
    }

    String log(String name) {
        try {
            return Files.exists(logFile(name)) ? Files.readString(logFile(name), StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The processes a worker has started (its executors), alive now. */
    List<ProcessHandle> executorsOf(int worker) {
        return workers.get(worker - 1).descendants().filter(ProcessHandle::isAlive).toList();
    }

    /** Kills worker {@code worker} (1-based) and its executors at once, as a machine that goes down. */
    void kill(int worker) throws InterruptedException {
        Process w = workers.get(worker - 1);
        List<ProcessHandle> children = w.descendants().toList();
        w.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        w.waitFor(30, TimeUnit.SECONDS);
        for (ProcessHandle c : children) {
            c.onExit().orTimeout(30, TimeUnit.SECONDS).exceptionally(t -> c).join();
        }
    }

    /**
     * Runs {@code mainClass} as {@code spark-class} would: asks Spark's launcher for the command and starts
     * it, with its output in {@code <name>.log}.
     */
    Process start(String name, String mainClass, List<String> args) throws IOException {
        Process p = startProcess(name, command(mainClass, args));
        processes.add(p);
        return p;
    }

    /** The command line Spark's launcher gives for {@code mainClass args} (what spark-class then execs). */
    List<String> command(String mainClass, List<String> args) throws IOException {
        List<String> launcher = new ArrayList<>(List.of(java(), "-Xmx128m", "-cp",
                sparkHome.resolve("jars") + "/*", "org.apache.spark.launcher.Main", mainClass));
        launcher.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(launcher).redirectError(ProcessBuilder.Redirect.INHERIT);
        environment(pb);
        Process p = pb.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.getInputStream().transferTo(out);
        try {
            if (p.waitFor() != 0) {
                throw new IllegalStateException("Spark's launcher failed for " + mainClass + " (exit " + p.exitValue()
                        + ")");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        List<String> command = new ArrayList<>();
        // NUL-separated, as spark-class reads it (a line break may come before the first part)
        for (String part : out.toString(StandardCharsets.UTF_8).split("\0")) {
            if (!part.isBlank()) {
                command.add(part.strip());
            }
        }
        return command;
    }

    private Process startProcess(String name, List<String> command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(logFile(name).toFile());
        environment(pb);
        return pb.start();
    }

    private void environment(ProcessBuilder pb) {
        pb.environment().put("SPARK_HOME", sparkHome.toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        pb.environment().put("JAVA_HOME", Path.of(System.getProperty("java.home")).toString());
        pb.environment().putAll(env);
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Waits until {@code done}; fails with the process's log if it exits first or the time runs out. */
    void awaitLog(String name, BooleanSupplier done, Process p, Duration limit) {
        Instant end = Instant.now().plus(limit);
        while (!done.getAsBoolean()) {
            if (!p.isAlive()) {
                throw new IllegalStateException(name + " exited (" + p.exitValue() + "):\n" + tail(log(name)));
            }
            if (Instant.now().isAfter(end)) {
                throw new IllegalStateException(name + " not ready after " + limit + ":\n" + tail(log(name)));
            }
            sleep(200);
        }
    }

    static String tail(String log) {
        return log.length() <= 6000 ? log : "..." + log.substring(log.length() - 6000);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process p = processes.get(i);
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        for (Process p : processes) {
            try {
                p.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
