package org.metamerbench.cli.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.metamerbench.cli.Main;
import org.metamerbench.runner.engine.PluginJars;
import org.metamerbench.runner.isolation.ChildJvm;

/**
 * Hostile inputs, kind "processes": nothing the harness starts outlives it, and nothing waits without a bound.
 * Each case starts the harness as a process of its own, as a user would, does what a hostile user or a fault
 * would, and asserts the exact outcome.
 */
class ProcessFaultsTest {
    @TempDir
    Path tmp;

    /** A plugin jar of one observer whose classification runs {@code logitsBody} first. */
    private Path plugin(String name, String logitsBody) throws IOException {
        Path build = tmp.resolve("build");
        Path plugins = tmp.resolve("plugins-" + name);
        Files.createDirectories(build);
        Files.createDirectories(plugins);
        String pkg = name.replace("-", "");
        PluginJars.build(build, name, Map.of(pkg + ".Provider", PluginJars.provider(pkg, name, "", "", "",
                logitsBody)), pkg + ".Provider");
        return Files.copy(build.resolve(name + ".jar"), plugins.resolve(name + ".jar"));
    }

    private Process harness(Path log, String... args) throws IOException {
        List<String> cmd = ChildJvm.command(List.of("-Dai.djl.offline=true", "-Xmx1g"), Main.class.getName(),
                List.of(args));
        return ChildJvm.start(new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()));
    }

    private static List<ProcessHandle> await(Process p, Predicate<String> commandLine, int count, long seconds, Path log)
            throws InterruptedException, IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            List<ProcessHandle> found = p.descendants().filter(h -> commandLine.test(h.info().commandLine().orElse("")))
                    .toList();
            if (found.size() >= count) {
                return found;
            }
            assertTrue(p.isAlive(), "the harness ended early: " + Files.readString(log));
            Thread.sleep(200);
        }
        throw new AssertionError("no " + count + " matching child processes after " + seconds + " s: "
                + Files.readString(log));
    }

    private static void assertEndWithin(List<ProcessHandle> children, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline && children.stream().anyMatch(ProcessHandle::isAlive)) {
            Thread.sleep(100);
        }
        List<Long> left = children.stream().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).toList();
        children.forEach(ProcessHandle::destroyForcibly);
        assertTrue(left.isEmpty(), "still running " + seconds + " s after their parent ended: " + left);
    }

    private List<String> runOf(Path plugin, String... more) {
        List<String> a = new ArrayList<>(List.of("run", "--plugins", plugin.getParent().toString(), "--models", "cnn-s1",
                "--observers", "cnn-s1," + plugin.getFileName().toString().replace(".jar", ""), "--stages", "final",
                "--stimuli", "10", "--schedule-stages", "1", "--steps", "5", "--bootstrap", "20", "--out",
                tmp.resolve("results").toString(), "--no-cache"));
        a.addAll(List.of(more));
        return a;
    }

    @ParameterizedTest(name = "a plugin job JVM ends when run gets {0}")
    @ValueSource(strings = {"SIGTERM", "SIGKILL"})
    void aPluginJobEndsWithTheRunThatStartedIt(String signal) throws Exception {
        Path jar = plugin("hangs", "try { Thread.sleep(Long.MAX_VALUE); } catch (InterruptedException e) { }");
        Path log = tmp.resolve("run.log");
        Process run = harness(log, runOf(jar, "--run-id", "r", "--job-timeout", "600").toArray(String[]::new));
        List<ProcessHandle> jobs = await(run, c -> c.contains("org.metamerbench.runner.isolation.ModelServer"), 1, 180, log);
        if (signal.equals("SIGKILL")) {
            run.destroyForcibly();
        } else {
            run.destroy();
        }
        run.waitFor(30, TimeUnit.SECONDS);
        assertEndWithin(jobs, 5);
    }

    @Test
    void theWorkersOfAKilledRunEndAndTheSameCommandFinishesTheRun() throws Exception {
        Path log = tmp.resolve("workers.log");
        List<String> cmd = List.of("run", "--models", "cnn-s1,mlp", "--observers", "cnn-s1,mlp", "--stages",
                "conv1_relu,final,fc1_relu", "--stimuli", "10", "--schedule-stages", "2", "--steps", "200", "--bootstrap",
                "20", "--workers", "2", "--out", tmp.resolve("results").toString(), "--run-id", "w");
        Process run = harness(log, cmd.toArray(String[]::new));
        List<ProcessHandle> workers = await(run, c -> c.contains("--shard"), 2, 120, log);
        run.destroyForcibly();
        run.waitFor(30, TimeUnit.SECONDS);
        assertEndWithin(workers, 5);

        Path again = tmp.resolve("workers-again.log");
        Process rerun = harness(again, cmd.toArray(String[]::new));
        assertTrue(rerun.waitFor(300, TimeUnit.SECONDS), "the rerun finishes");
        assertEquals(0, rerun.exitValue(), "the advised command finishes the run: " + Files.readString(again));
        assertTrue(Files.isRegularFile(tmp.resolve("results/w/report.html")), Files.readString(again));
    }

    @Test
    void validateOfAPluginThatNeverReturnsEndsAtTheJobTimeout() throws Exception {
        Path jar = plugin("hangs", "try { Thread.sleep(Long.MAX_VALUE); } catch (InterruptedException e) { }");
        Path log = tmp.resolve("validate.log");
        Process v = harness(log, "validate", "--job-timeout", "15", jar.toString());
        assertTrue(v.waitFor(60, TimeUnit.SECONDS), "validate ends within its limit");
        String out = Files.readString(log);
        assertEquals(3, v.exitValue(), out);
        assertTrue(out.contains("limits: wall time 15 s") && out.contains("timed out after 15 s"), out);
        assertEndWithin(v.descendants().toList(), 5);
    }

    @Test
    void validateOfAPluginThatExitsWithStatusZeroDoesNotConform() throws Exception {
        Path jar = plugin("exits-zero", "System.exit(0);");
        Path log = tmp.resolve("validate-exit.log");
        Process v = harness(log, "validate", jar.toString());
        assertTrue(v.waitFor(120, TimeUnit.SECONDS));
        String out = Files.readString(log);
        assertEquals(3, v.exitValue(), out);
        assertTrue(out.contains("exited with status 0 before the checks were done"), out);
        assertFalse(out.contains("conforms"), out);
    }

    /** Allocates 1 GiB outside the heap on every call and writes to it, so that it is resident. */
    private static final String NATIVE_HOG = "try { java.lang.reflect.Field f = sun.misc.Unsafe.class"
            + ".getDeclaredField(\"theUnsafe\"); f.setAccessible(true); sun.misc.Unsafe u = (sun.misc.Unsafe) f.get(null);"
            + " long n = 1L << 30; long a = u.allocateMemory(n); u.setMemory(a, n, (byte) 1); Thread.sleep(3000); }"
            + " catch (ReflectiveOperationException e) { throw new RuntimeException(e); }"
            + " catch (InterruptedException e) { }";

    @Test
    void aPluginsNativeMemoryIsBoundedInARunAndInValidate() throws Exception {
        Path jar = plugin("native-hog", NATIVE_HOG);
        int rc = Main.execute(runOf(jar, "--run-id", "m", "--job-heap", "256", "--job-memory", "900")
                .toArray(String[]::new));
        assertEquals(0, rc, "the zoo's job completes");
        String runJson = Files.readString(tmp.resolve("results/m/run.json"));
        assertTrue(runJson.contains("exceeded its resident memory limit of 900 MiB"), runJson);

        Path log = tmp.resolve("validate-hog.log");
        Process v = harness(log, "validate", "--job-heap", "256", "--job-memory", "900", jar.toString());
        assertTrue(v.waitFor(120, TimeUnit.SECONDS));
        String out = Files.readString(log);
        assertEquals(3, v.exitValue(), out);
        assertTrue(out.contains("exceeded its resident memory limit of 900 MiB"), out);
        assertFalse(out.contains("\tat "), "no stack trace: " + out);
    }
}
