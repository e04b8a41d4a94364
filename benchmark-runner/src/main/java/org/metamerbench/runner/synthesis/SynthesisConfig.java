package org.metamerbench.runner.synthesis;

import org.metamerbench.api.Modality;
import org.metamerbench.api.harness.StopRule;
import org.metamerbench.api.harness.SynthesisLoop;

/**
 * The optimisation of Feather et al. 2023: {@code stages} stages of {@code iterationsPerStage}
 * normalised-gradient steps, the step size starting at {@code initialStep} and halved after each
 * stage (the paper: 8 x 3000 steps, 1 down to 1/128). The metamer is the last iterate.
 *
 * @param fakeRelu    at a matched stage that ends in a ReLU, treat that ReLU as the identity in the
 *                    backward pass (the paper's default)
 * @param initMean    mean of the Gaussian noise a metamer starts from (clamped to the value range)
 * @param initSd      its standard deviation
 * @param curvePoints how many points of the loss curve are kept per metamer
 * @param engineLoop  run the whole loop inside the model's engine where the model offers that
 *                    ({@link org.metamerbench.api.harness.SynthesisLoop.Runner}); else, or for a model without
 *                    one, the harness drives the loop over the model's vector-Jacobian product
 * @param stopping    when a stimulus's synthesis ends ({@link StopRule#FIXED}: the published budget)
 */
public record SynthesisConfig(
        int stages,
        int iterationsPerStage,
        double initialStep,
        boolean fakeRelu,
        double initMean,
        double initSd,
        int curvePoints,
        boolean engineLoop,
        StopRule stopping) {

    public SynthesisConfig {
        if (stages < 1 || iterationsPerStage < 1) {
            throw new IllegalArgumentException("synthesis needs at least one stage of one iteration");
        }
        if (!(initialStep > 0) || !(initSd >= 0)) {
            throw new IllegalArgumentException("initial step must be positive and noise sd non-negative");
        }
        java.util.Objects.requireNonNull(stopping, "stopping");
    }

    /** The published schedule's shape with the given number of steps per stage, for a modality. */
    public static SynthesisConfig published(int stages, int iterationsPerStage, Modality modality) {
        return modality == Modality.AUDIO
                ? new SynthesisConfig(stages, iterationsPerStage, 1.0, true, 0.0, 1e-7, 64, true, StopRule.FIXED)
                : new SynthesisConfig(stages, iterationsPerStage, 1.0, true, 0.5, 0.05, 64, true, StopRule.FIXED);
    }

    public int totalSteps() {
        return stages * iterationsPerStage;
    }

    /** Step size at global step {@code t} (0-based): the published schedule ({@link SynthesisLoop#stepSize}). */
    public double stepSize(int t) {
        return SynthesisLoop.stepSize(initialStep, iterationsPerStage, t);
    }

    public SynthesisConfig withFakeRelu(boolean on) {
        return new SynthesisConfig(stages, iterationsPerStage, initialStep, on, initMean, initSd, curvePoints,
                engineLoop, stopping);
    }

    public SynthesisConfig withEngineLoop(boolean on) {
        return new SynthesisConfig(stages, iterationsPerStage, initialStep, fakeRelu, initMean, initSd, curvePoints,
                on, stopping);
    }

    public SynthesisConfig withStopping(StopRule rule) {
        return new SynthesisConfig(stages, iterationsPerStage, initialStep, fakeRelu, initMean, initSd, curvePoints,
                engineLoop, rule);
    }

    /** This config as JSON (its components by name), for a forked job; {@link #fromJson} reads it back exactly. */
    public com.fasterxml.jackson.databind.JsonNode toJson() {
        return JSON.valueToTree(this);
    }

    /** The config {@link #toJson} wrote; a missing or unknown field is an error that names it. */
    public static SynthesisConfig fromJson(com.fasterxml.jackson.databind.JsonNode json) throws java.io.IOException {
        return JSON.treeToValue(json, SynthesisConfig.class);
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    /** How often the loss curve keeps a point. */
    public int curveEvery() {
        return Math.max(1, totalSteps() / Math.max(1, curvePoints));
    }
}
