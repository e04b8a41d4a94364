package org.metamerbench.runner.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The reference for the harness's synthesis speed: the same loop in plain PyTorch on the same TorchScript
 * file, timed by the script {@code pytorch_loop.py} (shipped in this jar) under a Python with PyTorch
 * (Debian: {@code apt-get install python3-torch}).
 */
public final class PytorchLoop {
    private PytorchLoop() {
    }

    /** The result of one measurement: the library's version and the timing. */
    public record Measured(String torchVersion, int threads, SynthesisBenchmark.Timing stepsPerSecond) {
    }

    /**
     * Times {@code repeats} runs of {@code steps} steps at {@code stage} for a batch of {@code batch}, with
     * {@code threads} intra-op threads.
     */
    public static Measured measure(String python, Path modelPackage, String stage, int batch, int steps, int repeats,
            int threads) throws IOException, InterruptedException {
        Path script = Files.createTempFile("metamer-bench-pytorch-loop-", ".py");
        try (InputStream in = PytorchLoop.class.getResourceAsStream("pytorch_loop.py")) {
            if (in == null) {
                throw new IllegalStateException("pytorch_loop.py is missing from the jar");
            }
            Files.write(script, in.readAllBytes());
            List<String> cmd = new ArrayList<>(List.of(python, script.toString(), modelPackage.toString(), stage,
                    Integer.toString(batch), Integer.toString(steps), Integer.toString(repeats),
                    Integer.toString(threads)));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IOException("the PyTorch loop (" + python + " " + script.getFileName() + ") failed: "
                        + out.strip());
            }
            String last = out.strip().lines().reduce((a, b) -> b).orElse("");
            JsonNode r = new ObjectMapper().readTree(last);
            double[] rates = new double[r.path("steps_per_s").size()];
            for (int i = 0; i < rates.length; i++) {
                rates[i] = r.path("steps_per_s").get(i).asDouble();
            }
            if (rates.length == 0) {
                throw new IOException("the PyTorch loop printed no timing: " + out.strip());
            }
            return new Measured(r.path("torch").asText(), r.path("threads").asInt(), SynthesisBenchmark.Timing.of(rates));
        } finally {
            Files.deleteIfExists(script);
        }
    }
}
