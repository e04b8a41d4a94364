package org.metamerbench.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.metamerbench.api.ModelCard;
import org.metamerbench.api.ModelProvider;
import org.metamerbench.api.conformance.ProviderConformance;
import org.metamerbench.runner.engine.ModelRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Checks a plugin jar without running the benchmark. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check a plugin jar or a model package (zip or jar with metamer-model.json) as the runner "
                + "would load it (a jar in its own class loader, through ServiceLoader), then "
                + "run the conformance kit on every model it offers: ids, shapes, ranges, determinism, batch "
                + "independence, finite outputs, input gradients against finite differences. The checks run in a JVM "
                + "of their own under the limits of a run's plugin job (--job-timeout, --job-heap, --job-memory). "
                + "Exit 0 if it conforms, 1 if a check fails, 2 if the jar cannot be loaded, 3 if the checks ran past "
                + "a limit or their JVM failed.")
final class ValidateCommand implements Callable<Integer> {
    @Parameters(paramLabel = "PATH", description = "Plugin jar or model package")
    Path jar;

    @picocli.CommandLine.Mixin
    JobLimitOptions limits = new JobLimitOptions();

    @picocli.CommandLine.Option(names = "--in-process", hidden = true, description = "Run the checks in this JVM "
            + "(what the JVM that validate starts does)")
    boolean inProcess;

    @picocli.CommandLine.Option(names = "--verdict", hidden = true, paramLabel = "FILE", description = "Where the "
            + "checks' JVM writes its verdict once every check has run")
    Path verdict;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException(jar + ": no such file");
        }
        if (!inProcess) {
            return checkInChild();
        }
        int code;
        try {
            code = check();
        } catch (java.io.IOException | IllegalArgumentException | IllegalStateException
                | org.metamerbench.api.ModelException e) {
            System.out.println(jar + ": " + e.getMessage());
            code = 2;
        }
        if (verdict != null) {
            Files.writeString(verdict, Integer.toString(code));
        }
        return code;
    }

    /** Runs the checks in a child JVM under the job limits, its output passed through. */
    private int checkInChild() throws java.io.IOException {
        org.metamerbench.runner.isolation.JobLimits l = limits.limits();
        System.out.println("limits: " + l.describe());
        System.out.flush();
        // The verdict comes from a file the checks write when they are done, not from the exit status alone: a
        // plugin that calls System.exit(0) in the middle of the checks must not read as conforming.
        Path verdictDir = Files.createTempDirectory("metamer-bench-verdict");
        Path verdictFile = verdictDir.resolve("verdict");
        try {
            return checkInChild(l, verdictFile);
        } finally {
            Files.deleteIfExists(verdictFile);
            Files.deleteIfExists(verdictDir);
        }
    }

    private int checkInChild(org.metamerbench.runner.isolation.JobLimits l, Path verdictFile)
            throws java.io.IOException {
        List<String> args = new java.util.ArrayList<>(List.of("validate", "--in-process", "--verdict",
                verdictFile.toString()));
        args.addAll(limits.asOptions());
        args.add(jar.toAbsolutePath().toString());
        List<String> cmd = org.metamerbench.runner.isolation.ChildJvm.command(List.of("-Xmx" + l.heapMib() + "m",
                "-XX:+ExitOnOutOfMemoryError", "-Dai.djl.offline=true"), Main.class.getName(), args);
        Process p = org.metamerbench.runner.isolation.ChildJvm.start(new ProcessBuilder(cmd).redirectErrorStream(true));
        java.io.PrintStream out = System.out; // the checks' output, passed through as they print it
        Thread copy = new Thread(() -> {
            try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(),
                    java.nio.charset.StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null;) {
                    out.println(line);
                }
            } catch (java.io.IOException ended) {
                // the child was killed: what it printed has been passed on
            }
        }, "validate-output");
        copy.setDaemon(true);
        copy.start();
        try {
            int code = org.metamerbench.runner.isolation.JobWatch.await(p, l, jar.toString());
            joinQuietly(copy);
            String written = Files.isRegularFile(verdictFile) ? Files.readString(verdictFile).trim() : null;
            if (code >= 3 || written == null || !written.equals(Integer.toString(code))) {
                System.out.println(jar + ": the checks' JVM exited with status " + code
                        + (written == null ? " before the checks were done" : "") + " (System.exit, a crash, or "
                        + "out of memory: heap limit " + l.heapMib() + " MiB)");
                return 3;
            }
            return code;
        } catch (org.metamerbench.api.ModelException e) {
            joinQuietly(copy);
            System.out.println(e.getMessage());
            return 3;
        }
    }

    private static void joinQuietly(Thread t) {
        try {
            t.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private int check() throws Exception {
        Path dir = Files.createTempDirectory("metamer-bench-validate");
        try {
            org.metamerbench.results.AtomicFiles.write(dir, dir.resolve(jar.getFileName()), out -> Files.copy(jar, out));
            ModelRegistry r = ModelRegistry.discover(ClassLoader.getPlatformClassLoader(), dir);
            r.problems().forEach(p -> System.out.println("problem: " + p.replace(dir.toString(), jar.getParent() == null
                    ? "." : jar.getParent().toString())));
            List<ModelProvider> providers = r.cards().stream().map(c -> r.get(c.id()).provider()).distinct().toList();
            if (providers.isEmpty()) {
                System.out.println(jar + ": no usable provider");
                return 2;
            }
            boolean ok = r.problems().isEmpty();
            for (ModelProvider p : providers) {
                System.out.println("provider " + p.name() + " (" + p.getClass().getName() + "): "
                        + p.models().stream().map(ModelCard::id).toList());
                ProviderConformance.ConformanceReport report = ProviderConformance.forProvider(p).check();
                report.measurements().forEach(m -> System.out.println("  measured " + m));
                report.failures().forEach(f -> System.out.println("  FAIL " + f));
                System.out.println(report.passed() ? "  conforms" : "  does not conform");
                ok &= report.passed();
            }
            return ok ? 0 : 1;
        } finally {
            org.metamerbench.results.AtomicFiles.deleteTree(dir.getParent(), dir);
        }
    }
}
