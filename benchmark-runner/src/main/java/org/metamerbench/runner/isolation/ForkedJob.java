package org.metamerbench.runner.isolation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.metamerbench.api.ModelException;
import org.metamerbench.api.Tensor;
import org.metamerbench.datasets.FloatIdx;
import org.metamerbench.datasets.results.CsvTable;
import org.metamerbench.runner.synthesis.MetamerSynthesizer;

/**
 * One job in a JVM of its own: the job folder holds the spec and the input; the child
 * ({@link JobMain}) writes its results there. The parent enforces the wall-time limit, the heap limit
 * (-Xmx, and the JVM exits on OutOfMemoryError) and turns every way of failing into a reason.
 */
final class ForkedJob {
    static final String SPEC = "job.json";
    static final String INPUT = "input.idx";
    static final String ERROR = "error.txt";
    static final String LOG = "log.txt";
    static final List<String> RECORD_HEADER = List.of("final_loss", "steps", "seed", "curve_steps", "curve_loss");

    private ForkedJob() {
    }

    static Path prepare(ObjectNode spec, Tensor input) throws IOException {
        Path dir = Files.createTempDirectory("metamer-bench-job-");
        Files.write(dir.resolve(SPEC), new ObjectMapper().writeValueAsBytes(spec));
        new FloatIdx(input.shape(), input.toFloatArray()).write(dir.resolve(INPUT));
        return dir;
    }

    /** Runs the child; returns normally only if it succeeded, else throws a ModelException with the reason. */
    static void run(Path dir, String modelId, JobLimits limits) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = List.of(java.toString(), "-Xmx" + limits.heapMib() + "m", "-XX:+ExitOnOutOfMemoryError",
                "-Dai.djl.offline=true", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", childClasspath(), JobMain.class.getName(), dir.toString());
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve(LOG).toFile()).start();
        } catch (IOException e) {
            throw new ModelException(modelId + ": the job's JVM could not be started: " + e.getMessage(), e);
        }
        boolean done;
        try {
            done = p.waitFor(limits.timeoutSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new ModelException(modelId + ": interrupted");
        }
        if (!done) {
            p.destroyForcibly();
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new ModelException(modelId + ": timed out after " + limits.timeoutSeconds() + " s (job killed)");
        }
        int code = p.exitValue();
        if (code == 0) {
            return;
        }
        String log = read(dir.resolve(LOG));
        String error = read(dir.resolve(ERROR));
        if (code == JobMain.INVALID) {
            throw new ModelException("invalid output: " + error.strip());
        }
        if (code == JobMain.FAILED) {
            throw new ModelException("failed: " + error.strip());
        }
        if (log.contains("java.lang.OutOfMemoryError")) {
            throw new ModelException(modelId + ": ran out of memory (heap limit " + limits.heapMib() + " MiB)");
        }
        throw new ModelException(modelId + ": the job's JVM exited with status " + code + " (System.exit or a crash)"
                + (log.isBlank() ? "" : "; last output: " + tail(log)));
    }

    private static String pathingJar;

    /**
     * The class path of the child JVM: this JVM's. A class path of many entries is passed as one
     * manifest-only jar (as surefire does): with a long {@code java.class.path}, ONNX Runtime 1.29's
     * native loader was seen to crash the JVM (SIGSEGV) while opening a session.
     */
    static synchronized String childClasspath() {
        String cp = System.getProperty("java.class.path");
        if (!cp.contains(java.io.File.pathSeparator)) {
            return cp;
        }
        if (pathingJar == null) {
            try {
                Path jar = Files.createTempFile("metamer-bench-classpath-", ".jar");
                jar.toFile().deleteOnExit();
                java.util.jar.Manifest mf = new java.util.jar.Manifest();
                mf.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
                StringBuilder urls = new StringBuilder();
                for (String entry : cp.split(java.io.File.pathSeparator)) {
                    if (!entry.isEmpty()) {
                        urls.append(urls.length() == 0 ? "" : " ").append(Path.of(entry).toAbsolutePath().toUri());
                    }
                }
                mf.getMainAttributes().put(java.util.jar.Attributes.Name.CLASS_PATH, urls.toString());
                try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar), mf)) {
                    out.flush();
                }
                pathingJar = jar.toString();
            } catch (IOException e) {
                return cp;
            }
        }
        return pathingJar;
    }

    static void writeBatch(Path dir, MetamerSynthesizer.Batch b, int[] sampleShape) throws IOException {
        int n = b.metamers().size();
        int per = b.metamers().isEmpty() ? 0 : b.metamers().get(0).image().length;
        float[] all = new float[n * per];
        List<List<?>> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            MetamerSynthesizer.Metamer m = b.metamers().get(i);
            System.arraycopy(m.image(), 0, all, i * per, per);
            rows.add(List.of(m.finalLoss(), m.steps(), m.seed(), join(m.curveSteps()), join(m.curveLoss())));
        }
        int[] dims = new int[sampleShape.length + 1];
        dims[0] = n;
        System.arraycopy(sampleShape, 0, dims, 1, sampleShape.length);
        new FloatIdx(dims, all).write(dir.resolve("metamers.idx"));
        CsvTable.write(dir.resolve("records.csv"), RECORD_HEADER, rows);
        Files.writeString(dir.resolve("seconds.txt"), Double.toString(b.seconds()));
    }

    static MetamerSynthesizer.Batch readBatch(Path dir) throws IOException {
        FloatIdx idx = FloatIdx.read(dir.resolve("metamers.idx"));
        List<CsvTable.Row> rows = CsvTable.read(dir.resolve("records.csv"), RECORD_HEADER);
        int per = idx.data().length / Math.max(1, idx.dims()[0]);
        List<MetamerSynthesizer.Metamer> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            CsvTable.Row r = rows.get(i);
            out.add(new MetamerSynthesizer.Metamer(java.util.Arrays.copyOfRange(idx.data(), i * per, (i + 1) * per),
                    r.getDouble("final_loss"), ints(r.get("curve_steps")), doubles(r.get("curve_loss")),
                    (int) r.getLong("steps"), r.getLong("seed")));
        }
        return new MetamerSynthesizer.Batch(out, Double.parseDouble(Files.readString(dir.resolve("seconds.txt"))));
    }

    private static String join(int[] v) {
        StringBuilder b = new StringBuilder();
        for (int x : v) {
            b.append(b.length() == 0 ? "" : " ").append(x);
        }
        return b.toString();
    }

    private static String join(double[] v) {
        StringBuilder b = new StringBuilder();
        for (double x : v) {
            b.append(b.length() == 0 ? "" : " ").append(x);
        }
        return b.toString();
    }

    private static int[] ints(String s) {
        return s.isBlank() ? new int[0] : java.util.Arrays.stream(s.split(" ")).mapToInt(Integer::parseInt).toArray();
    }

    private static double[] doubles(String s) {
        return s.isBlank() ? new double[0]
                : java.util.Arrays.stream(s.split(" ")).mapToDouble(Double::parseDouble).toArray();
    }

    private static String read(Path f) {
        try {
            return Files.exists(f) ? Files.readString(f, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static String tail(String log) {
        String s = log.strip();
        return s.length() <= 300 ? s : "..." + s.substring(s.length() - 300);
    }
}
