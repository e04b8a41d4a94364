package org.metamerbench.runner.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.metamerbench.api.Tensor;
import org.metamerbench.runner.acceptance.NullBlocks;
import org.metamerbench.runner.acceptance.NullDistribution;
import org.metamerbench.runner.acceptance.PoolRows;
import org.metamerbench.runner.isolation.ChildJvm;

/**
 * Memory and time of the null distribution at a stage size, without a model: each image's activations
 * are seeded ReLU-like values (half exact zeros, so the ranks have ties), made again whenever asked
 * for, as a model's would be. Every measurement runs in a JVM of its own so that its peak resident
 * memory ({@code VmHWM}) is its own; a 2-image pool in the same kind of JVM is the baseline.
 */
public final class NullMemoryBenchmark {
    /** The line a measuring JVM prints its result on. */
    static final String RESULT = "NULL-BENCH ";
    private static final ObjectMapper JSON = new ObjectMapper();

    private NullMemoryBenchmark() {
    }

    /** One measured computation. */
    public record Measured(long peakRssBytes, double seconds, double spearmanMax) {
    }

    /** Synthetic activations of {@code n} images of {@code units} values, row {@code i} from its own seed. */
    public static PoolRows synthetic(int n, int units, long seed) {
        return new PoolRows() {
            @Override
            public int size() {
                return n;
            }

            @Override
            public Tensor rows(int from, int to) {
                float[] v = new float[Math.toIntExact((long) (to - from) * units)];
                java.util.stream.IntStream.range(from, to).parallel().forEach(i -> {
                    SplittableRandom r = new SplittableRandom(seed * 1_000_003L + i);
                    int off = (i - from) * units;
                    for (int k = 0; k < units; k++) {
                        v[off + k] = (float) Math.max(0, r.nextGaussian());
                    }
                });
                return Tensor.wrap(new int[] {to - from, units}, v);
            }
        };
    }

    /** Computes one distribution here and prints its result line (what a measuring JVM does). */
    public static void measureHere(int n, int units, long memoryBytes) throws IOException {
        NullBlocks blocks = NullBlocks.plan(n, units, memoryBytes);
        long start = System.nanoTime();
        NullDistribution d = NullDistribution.compute(synthetic(n, units, 7), blocks);
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("peak_rss", peakRss());
        out.put("seconds", seconds);
        out.put("spearman_max", d.max(NullDistribution.Statistic.SPEARMAN));
        System.out.println(RESULT + JSON.writeValueAsString(out));
    }

    /** Starts a JVM that measures one computation, with {@code jvmOptions} (e.g. a heap size). */
    public static Measured measureInChild(int n, int units, long memoryBytes, List<String> jvmOptions)
            throws IOException, InterruptedException {
        List<String> options = new ArrayList<>(jvmOptions);
        options.add("-Dai.djl.offline=true");
        List<String> cmd = ChildJvm.command(options, "org.metamerbench.cli.Main", List.of("bench-null",
                "--measure-here", "--pool", Integer.toString(n), "--units", Integer.toString(units), "--memory",
                Long.toString(memoryBytes)));
        Process p = ChildJvm.start(new ProcessBuilder(cmd).redirectErrorStream(true));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int rc = p.waitFor();
        String line = out.lines().filter(l -> l.startsWith(RESULT)).findFirst().orElse(null);
        if (rc != 0 || line == null) {
            throw new IOException("the measuring JVM failed (exit " + rc + "): " + tail(out));
        }
        JsonNode r = JSON.readTree(line.substring(RESULT.length()));
        return new Measured(r.path("peak_rss").asLong(), r.path("seconds").asDouble(),
                r.path("spearman_max").asDouble());
    }

    /** This process's peak resident memory in bytes ({@code VmHWM} of {@code /proc/self/status}); -1 elsewhere. */
    public static long peakRss() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return -1;
        }
        for (String l : Files.readAllLines(status)) {
            if (l.startsWith("VmHWM:")) {
                String[] f = l.substring(6).strip().split("\\s+");
                return Long.parseLong(f[0]) * 1024;
            }
        }
        return -1;
    }

    private static String tail(String s) {
        String t = s.strip();
        return t.length() > 2000 ? "..." + t.substring(t.length() - 2000) : t;
    }
}
