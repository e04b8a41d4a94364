package org.metamerbench.runner.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.metamerbench.api.DifferentiableModel;
import org.metamerbench.api.Modality;
import org.metamerbench.api.Tensor;
import org.metamerbench.runner.synthesis.MetamerSynthesizer;
import org.metamerbench.runner.synthesis.SynthesisConfig;

/**
 * Measures synthesis speed (normalised-gradient steps per second through the full synthesis, in the engine's
 * loop or the harness's loop over the vector-Jacobian product) and
 * the achieved GFLOP/s, next to the GFLOP/s of one large float32 matrix product through the same
 * engine: the machine's practical ceiling for this engine.
 */
public final class SynthesisBenchmark {
    private SynthesisBenchmark() {
    }

    /** Median and spread of repeated timings. */
    public record Timing(double median, double min, double max) {
        public static Timing of(double[] values) {
            double[] v = values.clone();
            Arrays.sort(v);
            double med = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
            return new Timing(med, v[0], v[v.length - 1]);
        }
    }

    /**
     * Steps per second of synthesis at {@code stage} for a batch of {@code batch} random images:
     * three warm-up runs (JIT and the engine's kernel caches), then {@code repeats} timed runs, each
     * of at least {@code minSteps} steps and long enough to last about {@code minSeconds}.
     */
    public static Timing stepsPerSecond(DifferentiableModel model, String stage, int batch, int minSteps,
            double minSeconds, int repeats, boolean engineLoop) {
        int[] in = model.card().inputShape();
        int[] shape = new int[in.length + 1];
        shape[0] = batch;
        System.arraycopy(in, 0, shape, 1, in.length);
        float[] refs = new float[Math.toIntExact(Tensor.elementCount(shape))];
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < refs.length; i++) {
            refs[i] = r.nextFloat();
        }
        Tensor references = Tensor.wrap(shape, refs);
        long[] seeds = new long[batch];
        Arrays.setAll(seeds, i -> i);
        SynthesisConfig warm = SynthesisConfig.published(1, minSteps, Modality.IMAGE).withEngineLoop(engineLoop);
        double rate = 0;
        for (int w = 0; w < 3; w++) {
            long t0 = System.nanoTime();
            MetamerSynthesizer.synthesize(model, stage, references, seeds, warm, null);
            rate = minSteps / ((System.nanoTime() - t0) / 1e9);
        }
        int steps = Math.max(minSteps, (int) Math.ceil(rate * minSeconds));
        SynthesisConfig cfg = SynthesisConfig.published(1, steps, Modality.IMAGE).withEngineLoop(engineLoop);
        double[] rates = new double[repeats];
        for (int k = 0; k < repeats; k++) {
            long t0 = System.nanoTime();
            MetamerSynthesizer.synthesize(model, stage, references, seeds, cfg, null);
            rates[k] = steps / ((System.nanoTime() - t0) / 1e9);
        }
        return Timing.of(rates);
    }

    /** GFLOP/s of an {@code n x n} by {@code n x n} float32 matrix product (2 n^3 FLOPs), repeated. */
    public static Timing matmulGflops(int n, int repeats) {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray a = m.randomUniform(0, 1, new Shape(n, n));
            NDArray b = m.randomUniform(0, 1, new Shape(n, n));
            a.matMul(b).close();
            double[] g = new double[repeats];
            for (int k = 0; k < repeats; k++) {
                long t0 = System.nanoTime();
                try (NDArray c = a.matMul(b)) {
                    c.toFloatArray(); // forces completion
                }
                g[k] = 2.0 * n * n * n / ((System.nanoTime() - t0) / 1e9) / 1e9;
            }
            return Timing.of(g);
        }
    }

    /** One row of the benchmark table. */
    public record Row(String model, String stage, int batch, Timing stepsPerSecond, double flopsPerStep) {
        public double gflops() {
            return stepsPerSecond.median() * flopsPerStep / 1e9;
        }
    }

    /**
     * FLOPs of one synthesis step for a batch: a forward pass to the stage plus the backward pass to
     * the input, counted as 2 x forward (weights are frozen, so no weight gradients are computed).
     */
    public static double flopsPerStep(long forwardFlopsPerSample, int batch) {
        return 2.0 * forwardFlopsPerSample * batch;
    }

    public static List<Integer> defaultBatches() {
        return new ArrayList<>(List.of(1, 10, 100));
    }
}
