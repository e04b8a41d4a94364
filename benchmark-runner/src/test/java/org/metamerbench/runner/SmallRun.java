package org.metamerbench.runner;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.metamerbench.runner.engine.BenchmarkRun;
import org.metamerbench.runner.engine.ModelRegistry;
import org.metamerbench.runner.engine.RunConfig;
import org.metamerbench.zoo.ZooProvider;

/**
 * A complete run in a few seconds, for tests of what reads a run (experiments, baselines, sites): the
 * MLP generates at its logits stage from 10 stimuli, 2 x 20 steps, observed by itself and the CNN.
 */
public final class SmallRun {
    private SmallRun() {
    }

    /** Runs it into {@code results}/small; returns the run folder. */
    public static Path make(Path results) throws IOException {
        RunConfig cfg = new RunConfig("test", List.of("mlp"), List.of("mlp", "cnn-s1"), List.of("final"),
                "fashion-mnist-test-100", 10, "fashion-mnist-train-2000", 2, 20, true, false, 1, 100, 1.0, 200,
                results, "small", false);
        return BenchmarkRun.execute(cfg, ModelRegistry.of(List.of(new ZooProvider()), List.of()),
                new BenchmarkRun.Listener() { }).runDir();
    }
}
