package org.metamerbench.space;

import org.metamerbench.api.DifferentiableModel;
import org.metamerbench.api.Tensor;
import org.metamerbench.api.harness.ArrayAdam;

/**
 * A trial's image, made online from its reference as MAME makes it: Adam on the pixels from the reference, clamped to
 * the model's value range after each step, minimising the mean squared difference of the stage's chosen coordinates
 * ({@link StageDimensions}) from the reference's with one of them moved by {@code sign * v}; the shift reached is
 * recorded. Every gradient is the model's own vector-Jacobian product, with the Gram matrix's gradient as its upstream
 * ({@link GramFeatures#gradient}); no fake ReLU.
 */
public final class ShiftGenerator {
    /** MAME's steps per image. */
    public static final int STEPS = 50;
    /**
     * Adam's rate per unit of the shift asked for: the rate is {@code RATE_PER_SHIFT * v}, within [{@value #MIN_RATE},
     * {@value #MAX_RATE}]. MAME tuned its rate as a function of v per layer; a fixed rate moves the pixels as far
     * for a small shift as for a large one (Adam's steps do not shrink with the gradient), so a small change would be
     * seen by its pixels rather than its coordinate.
     */
    public static final double RATE_PER_SHIFT = 0.006;
    public static final double MIN_RATE = 0.0005;
    public static final double MAX_RATE = 0.05;

    /** The rate for a shift of {@code v}. */
    public static double rate(double v) {
        return Math.max(MIN_RATE, Math.min(MAX_RATE, RATE_PER_SHIFT * v));
    }

    private ShiftGenerator() {
    }

    /**
     * A made image.
     *
     * @param image   the image, the reference's shape
     * @param target  the shift asked for, {@code v}
     * @param reached the shift reached along the moved coordinate, in its sign's direction
     * @param before  the chosen coordinates of the reference
     * @param after   those of the image
     * @param loss    the final loss
     */
    public record Shift(float[] image, double target, double reached, double[] before, double[] after, double loss) {
    }

    /**
     * Moves coordinate {@code component} (of the stage's chosen ones) of {@code reference} ({@code [1, ...]}) by
     * {@code sign * v}, in {@code steps} Adam steps at {@code rate}, pixels within [lo, hi].
     */
    public static Shift generate(DifferentiableModel model, StageDimensions dims, Tensor reference, int component,
            int sign, double v, int steps, double rate, float lo, float hi) {
        if (reference.batchSize() != 1) {
            throw new IllegalArgumentException("one reference at a time, not " + reference.batchSize());
        }
        if (sign != 1 && sign != -1) {
            throw new IllegalArgumentException("the sign is +1 or -1, not " + sign);
        }
        String stage = dims.stage();
        double[][] chosen = dims.chosen();
        int channels = GramFeatures.channels(dims.sampleShape());
        double[] before = dims.coordinates(model.activations(reference, java.util.List.of(stage)).get(stage)
                .toFloatArray());
        double[] target = before.clone();
        target[component] += sign * v;
        float[] x = reference.toFloatArray().clone();
        ArrayAdam adam = new ArrayAdam(x.length);
        double[] loss = {Double.NaN};
        for (int step = 0; step < steps; step++) {
            Tensor in = Tensor.wrap(reference.shape(), x);
            DifferentiableModel.StageGradient g = model.vjp(in, stage, act -> {
                float[] a = act.toFloatArray();
                double[] s = dims.coordinates(a);
                double[] w = new double[s.length];
                double l = 0;
                for (int k = 0; k < s.length; k++) {
                    double r = s[k] - target[k];
                    l += r * r / s.length;
                    w[k] = 2 * r / s.length;
                }
                loss[0] = l;
                return Tensor.wrap(act.shape(), GramFeatures.gradient(a, channels, chosen, w));
            }, false);
            adam.step(x, g.inputGradient().toFloatArray(), rate);
            for (int i = 0; i < x.length; i++) {
                x[i] = Math.max(lo, Math.min(hi, x[i]));
            }
        }
        double[] after = dims.coordinates(model.activations(Tensor.wrap(reference.shape(), x), java.util.List.of(stage))
                .get(stage).toFloatArray());
        double l = 0;
        for (int k = 0; k < after.length; k++) {
            l += (after[k] - target[k]) * (after[k] - target[k]) / after.length;
        }
        return new Shift(x, v, sign * (after[component] - before[component]), before, after, l);
    }
}
