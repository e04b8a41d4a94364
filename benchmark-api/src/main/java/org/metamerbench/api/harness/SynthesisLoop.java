package org.metamerbench.api.harness;

import java.util.Optional;
import java.util.function.IntConsumer;
import org.metamerbench.api.DifferentiableModel;
import org.metamerbench.api.Tensor;
import org.metamerbench.api.ValueRange;

/**
 * The synthesis loop of Feather et al. 2023, as data, for a model whose engine runs the whole loop itself
 * ({@link Runner}). For each sample i of the batch, step t (0-based) is:
 * <ol>
 * <li>{@code a = activation of x_i at stage}; {@code d = a - target_i}; {@code loss_i = ||d|| / s_i}, with
 * {@code s_i = ||target_i||} (1 where that is 0);</li>
 * <li>{@code g = d<u, a>/d x_i} with the unit upstream {@code u = d / ||d||} (0 where {@code ||d|| = 0}),
 * through the fake ReLU where {@code fakeRelu} (as {@link DifferentiableModel#vjp} would);</li>
 * <li>{@code x_i <- clamp(x_i - stepSize(t) * g / ||g||, range)}, no step where {@code ||g|| = 0}.</li>
 * </ol>
 * The loss of every sample is kept at the steps where {@code t % curveEvery == 0} (before that step's
 * update). The harness computes the reference activations once ({@code target}) and the final loss itself.
 *
 * <p>Each sample follows the schedule on its own under {@code stopRule} ({@link StimulusSchedule}): its step size is
 * that of its own schedule stage, and a sample that has ended leaves the batch (its steps are not computed). Under
 * {@link StopRule#FIXED} every sample takes every step, as published.
 *
 * @param stage              the matched stage
 * @param fakeRelu           the backward pass treats the stage's final ReLU as the identity
 * @param target             the references' activations at the stage, {@code [n, stageShape...]}
 * @param start              the starting points, {@code [n, inputShape...]}
 * @param range              the clamp
 * @param stages             schedule stages; the step size halves after each
 * @param iterationsPerStage steps per schedule stage
 * @param initialStep        the first step size
 * @param curveEvery         how often the loss is kept (every step: 1)
 * @param progress           told, after each step, how many samples took it (may be called from the engine's
 *                           thread; must be cheap)
 * @param stopRule           when a sample's synthesis ends
 * @param check              the acceptance check at a plateau of the adaptive rule (null: none, no sample ends as
 *                           accepted)
 */
public record SynthesisLoop(String stage, boolean fakeRelu, Tensor target, Tensor start, ValueRange range,
        int stages, int iterationsPerStage, double initialStep, int curveEvery, IntConsumer progress,
        StopRule stopRule, Check check) {

    /** A loop with the published budget. */
    public SynthesisLoop(String stage, boolean fakeRelu, Tensor target, Tensor start, ValueRange range, int stages,
            int iterationsPerStage, double initialStep, int curveEvery, IntConsumer progress) {
        this(stage, fakeRelu, target, start, range, stages, iterationsPerStage, initialStep, curveEvery, progress,
                StopRule.FIXED, null);
    }

    /**
     * The harness's judgement of iterates at a plateau: whether each would be accepted as a metamer of its reference
     * now (the run's acceptance rule, the generator's class included).
     */
    @FunctionalInterface
    public interface Check {
        /** For {@code iterates} (one row per sample named in {@code samples}, batch indices), which are accepted. */
        boolean[] accepted(int[] samples, Tensor iterates);
    }

    public SynthesisLoop {
        if (target.batchSize() != start.batchSize()) {
            throw new IllegalArgumentException(target.batchSize() + " targets for " + start.batchSize()
                    + " starting points");
        }
        if (stages < 1 || iterationsPerStage < 1 || curveEvery < 1 || !(initialStep > 0)) {
            throw new IllegalArgumentException("a loop needs at least one step, a positive step size and a curve "
                    + "interval of at least 1");
        }
        java.util.Objects.requireNonNull(stopRule, "stopRule");
    }

    public int totalSteps() {
        return stages * iterationsPerStage;
    }

    /** The step size at step {@code t} (0-based). */
    public double stepSize(int t) {
        return stepSize(initialStep, iterationsPerStage, t);
    }

    /**
     * The published schedule: {@code initialStep} for the first {@code iterationsPerStage} steps, halved after each
     * schedule stage. The one definition of it, for the harness's loop and the engines' alike.
     */
    public static double stepSize(double initialStep, int iterationsPerStage, int t) {
        return initialStep / (1L << (t / iterationsPerStage));
    }

    /** The steps at which the loss is kept: 0, curveEvery, 2 curveEvery, ... below the total. */
    public int[] curveSteps() {
        int points = (totalSteps() + curveEvery - 1) / curveEvery;
        int[] steps = new int[points];
        for (int k = 0; k < points; k++) {
            steps[k] = k * curveEvery;
        }
        return steps;
    }

    /**
     * A {@link DifferentiableModel} whose engine runs the whole loop itself (on its device), with the references'
     * activations handed over once and the metamers copied out once. The engine adapters of this project implement
     * it; a model author does not: the harness drives {@link DifferentiableModel#vjp} step by step for every model
     * that is not a runner, and the two must give the same metamers up to float rounding (the conformance kit
     * checks it).
     */
    public interface Runner {
        /** The loop's result, or empty where this model cannot run this loop (the harness then drives it). */
        Optional<Result> runLoop(SynthesisLoop loop);
    }

    /**
     * What the engine gives back, copied out once at the end.
     *
     * @param metamers the last iterate of each sample, shaped as {@code start}
     * @param curve    the loss of sample i at {@code curveSteps()[k]} at {@code [k][i]}; NaN from the point where
     *                 the sample had ended
     * @param steps    the steps each sample took ({@link StimulusSchedule#steps})
     * @param stopped  why each sample ended ({@link StimulusSchedule#stopped})
     */
    public record Result(Tensor metamers, float[][] curve, int[] steps, String[] stopped) {
    }
}
