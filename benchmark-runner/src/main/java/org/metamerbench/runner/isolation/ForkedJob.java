package org.metamerbench.runner.isolation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.metamerbench.api.ModelException;
import org.metamerbench.api.Tensor;
import org.metamerbench.results.AtomicFiles;
import org.metamerbench.results.FloatIdx;
import org.metamerbench.runner.engine.SynthesisCache;
import org.metamerbench.runner.synthesis.MetamerSynthesizer;

/**
 * One job in a JVM of its own: the job folder holds the spec and the input; the child
 * ({@link JobMain}) writes its results there. The parent enforces the wall-time and resident-memory limits
 * ({@link JobWatch}), the heap limit (-Xmx, and the JVM exits on OutOfMemoryError) and turns every way of
 * failing into a reason; the child ends when the parent does ({@link ParentWatch}).
 */
final class ForkedJob {
    static final String SPEC = "job.json";
    static final String INPUT = "input.idx";
    static final String ERROR = "error.txt";
    static final String LOG = "log.txt";
    static final String BATCH = "batch";

    private ForkedJob() {
    }

    static Path prepare(ObjectNode spec, Tensor input) throws IOException {
        Path dir = Files.createTempDirectory("metamer-bench-job-");
        AtomicFiles.write(dir, dir.resolve(SPEC), new ObjectMapper().writeValueAsBytes(spec));
        new FloatIdx(input.shape(), input.toFloatArray()).write(dir, dir.resolve(INPUT));
        return dir;
    }

    /** Runs the child; returns normally only if it succeeded, else throws a ModelException with the reason. */
    static void run(Path dir, String modelId, JobLimits limits) {
        List<String> cmd = ChildJvm.command(List.of("-Xmx" + limits.heapMib() + "m", "-XX:+ExitOnOutOfMemoryError",
                "-Dai.djl.offline=true", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                // The child computes with this process's engine thread count: the same bits as in-process.
                "-Dai.djl.pytorch.num_threads=" + org.metamerbench.runner.engine.Machine.engineThreads()),
                JobMain.class.getName(), List.of(dir.toString()));
        Process p;
        try {
            p = ChildJvm.start(new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve(LOG).toFile()));
        } catch (IOException e) {
            throw new ModelException(modelId + ": the job's JVM could not be started: " + e.getMessage(), e);
        }
        JobWatch.await(p, limits, modelId);
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

    /** The child stores its batch as a synthesis-cache entry of the job folder; the parent reads it back. */
    static void writeBatch(Path dir, MetamerSynthesizer.Batch b, int[] sampleShape) throws IOException {
        new SynthesisCache(dir, problem -> { }).store(BATCH, b, sampleShape);
    }

    static MetamerSynthesizer.Batch readBatch(Path dir) throws IOException {
        String[] problem = {""};
        MetamerSynthesizer.Batch b = new SynthesisCache(dir, p -> problem[0] = " (" + p + ")").load(BATCH);
        if (b == null) {
            throw new IOException(dir + ": the job reported success but left no readable metamers" + problem[0]);
        }
        return b;
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
