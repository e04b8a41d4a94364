package org.metamerbench.runner.engine;

import java.nio.file.Path;
import java.util.List;

/**
 * Everything that decides a run's results. Recorded whole in {@code run.json}; its content hash,
 * with the models' versions and the stimulus set's hash, keys the caches.
 *
 * @param generators        models whose metamers are made (empty: every model that can generate)
 * @param observers         models that classify metamers (empty: every model)
 * @param stages            stages to match (empty: every stage past the input)
 * @param stimulusCount     class-balanced subset of the stimulus set
 * @param scheduleStages    K: stages of the step schedule (the step size halves after each)
 * @param iterationsPerStage N: steps per schedule stage
 * @param fakeRelu          treat a matched stage's final ReLU as the identity in the backward pass
 * @param fakeReluThroughMaxPool also at a stage that ends in max pooling straight after a ReLU (a
 *                          deviation from the published method, recorded)
 * @param nullQuantile      acceptance threshold: 1 is the null maximum (the published rule)
 * @param referencePanel    observers whose recognition is scored, named by the user (empty: the built-in
 *                          models that share the set's task, the leaderboard's panel)
 * @param observeFloat      observers classify the float metamers as synthesised, instead of the metamers as a
 *                          person is shown them (the 8-bit PNG, the 16-bit WAV), the default as in the published
 *                          code, whose observers read the saved files
 * @param nullPairs         the pairs of the null distribution: all ordered pairs (the default) or disjoint pairs of
 *                          a shuffle seeded with {@code seed} (the published code's draw)
 * @param stopping          when each stimulus's synthesis ends (the fixed budget, as published, or the adaptive rule)
 */
public record RunConfig(
        String profile,
        List<String> generators,
        List<String> observers,
        List<String> stages,
        String stimulusSet,
        int stimulusCount,
        String nullPool,
        int scheduleStages,
        int iterationsPerStage,
        boolean fakeRelu,
        boolean fakeReluThroughMaxPool,
        long seed,
        int batchSize,
        double nullQuantile,
        int bootstrapSamples,
        Path resultsRoot,
        String runId,
        boolean useCache,
        List<String> referencePanel,
        boolean observeFloat,
        org.metamerbench.runner.acceptance.NullPairs nullPairs,
        org.metamerbench.api.harness.StopRule stopping) {

    /** This run with its results under {@code root}. */
    public RunConfig under(java.nio.file.Path root) {
        return new RunConfig(profile, generators, observers, stages, stimulusSet, stimulusCount, nullPool,
                scheduleStages, iterationsPerStage, fakeRelu, fakeReluThroughMaxPool, seed, batchSize, nullQuantile,
                bootstrapSamples, root, runId, useCache, referencePanel, observeFloat, nullPairs, stopping);
    }

    /** A run with the published budget. */
    public RunConfig(String profile, List<String> generators, List<String> observers, List<String> stages,
            String stimulusSet, int stimulusCount, String nullPool, int scheduleStages, int iterationsPerStage,
            boolean fakeRelu, boolean fakeReluThroughMaxPool, long seed, int batchSize, double nullQuantile,
            int bootstrapSamples, Path resultsRoot, String runId, boolean useCache, List<String> referencePanel,
            boolean observeFloat, org.metamerbench.runner.acceptance.NullPairs nullPairs) {
        this(profile, generators, observers, stages, stimulusSet, stimulusCount, nullPool, scheduleStages,
                iterationsPerStage, fakeRelu, fakeReluThroughMaxPool, seed, batchSize, nullQuantile, bootstrapSamples,
                resultsRoot, runId, useCache, referencePanel, observeFloat, nullPairs,
                org.metamerbench.api.harness.StopRule.FIXED);
    }

    /** A run whose null distribution is over all ordered pairs of the pool (the default). */
    public RunConfig(String profile, List<String> generators, List<String> observers, List<String> stages,
            String stimulusSet, int stimulusCount, String nullPool, int scheduleStages, int iterationsPerStage,
            boolean fakeRelu, boolean fakeReluThroughMaxPool, long seed, int batchSize, double nullQuantile,
            int bootstrapSamples, Path resultsRoot, String runId, boolean useCache, List<String> referencePanel,
            boolean observeFloat) {
        this(profile, generators, observers, stages, stimulusSet, stimulusCount, nullPool, scheduleStages,
                iterationsPerStage, fakeRelu, fakeReluThroughMaxPool, seed, batchSize, nullQuantile, bootstrapSamples,
                resultsRoot, runId, useCache, referencePanel, observeFloat,
                org.metamerbench.runner.acceptance.NullPairs.ALL);
    }

    /** A run whose observers see the metamers as saved files (the default). */
    public RunConfig(String profile, List<String> generators, List<String> observers, List<String> stages,
            String stimulusSet, int stimulusCount, String nullPool, int scheduleStages, int iterationsPerStage,
            boolean fakeRelu, boolean fakeReluThroughMaxPool, long seed, int batchSize, double nullQuantile,
            int bootstrapSamples, Path resultsRoot, String runId, boolean useCache, List<String> referencePanel) {
        this(profile, generators, observers, stages, stimulusSet, stimulusCount, nullPool, scheduleStages,
                iterationsPerStage, fakeRelu, fakeReluThroughMaxPool, seed, batchSize, nullQuantile, bootstrapSamples,
                resultsRoot, runId, useCache, referencePanel, false);
    }

    /** A run scored by the built-in reference panel. */
    public RunConfig(String profile, List<String> generators, List<String> observers, List<String> stages,
            String stimulusSet, int stimulusCount, String nullPool, int scheduleStages, int iterationsPerStage,
            boolean fakeRelu, boolean fakeReluThroughMaxPool, long seed, int batchSize, double nullQuantile,
            int bootstrapSamples, Path resultsRoot, String runId, boolean useCache) {
        this(profile, generators, observers, stages, stimulusSet, stimulusCount, nullPool, scheduleStages,
                iterationsPerStage, fakeRelu, fakeReluThroughMaxPool, seed, batchSize, nullQuantile, bootstrapSamples,
                resultsRoot, runId, useCache, List.of());
    }

    public RunConfig {
        org.metamerbench.api.harness.SafeName.check("run id", runId);
        generators = List.copyOf(generators);
        observers = List.copyOf(observers);
        stages = List.copyOf(stages);
        referencePanel = List.copyOf(referencePanel);
        java.util.Objects.requireNonNull(nullPairs, "nullPairs");
        java.util.Objects.requireNonNull(stopping, "stopping");
        if (stimulusCount < 1 || batchSize < 1 || scheduleStages < 1 || iterationsPerStage < 1) {
            throw new IllegalArgumentException("stimuli, batch size, schedule stages and iterations must be positive");
        }
        if (!(nullQuantile > 0 && nullQuantile <= 1)) {
            throw new IllegalArgumentException("null quantile must be in (0, 1]");
        }
    }

    public int totalSteps() {
        return scheduleStages * iterationsPerStage;
    }
}
