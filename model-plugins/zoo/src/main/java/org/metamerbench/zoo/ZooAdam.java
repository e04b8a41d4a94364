package org.metamerbench.zoo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;
import java.util.HashMap;
import java.util.Map;

/**
 * Adam (Kingma and Ba 2015) as DJL 0.35's {@code Adam} computes it (beta1 0.9, beta2 0.999, epsilon 1e-8, the bias
 * correction folded into the step size, the engine's fused update), with its moment estimates held where the trainer
 * can save and restore them: a checkpoint resumes training on exactly the weights an uninterrupted run would reach.
 * {@code ZooAdamTest} checks that its updates equal DJL's bit for bit, so the committed zoo is what it trains.
 */
final class ZooAdam extends Optimizer {
    static final float BETA1 = 0.9f;
    static final float BETA2 = 0.999f;
    static final float EPSILON = 1e-8f;

    private final ParameterTracker learningRate;
    private final Map<String, NDArray> means = new HashMap<>();
    private final Map<String, NDArray> variances = new HashMap<>();
    /** Moments to take up in place of zeros, by parameter id, on a parameter's first update after a resume. */
    private final Map<String, float[]> restoredMeans = new HashMap<>();
    private final Map<String, float[]> restoredVariances = new HashMap<>();

    private ZooAdam(Builder b) {
        super(b);
        this.learningRate = b.learningRate;
    }

    /** {@code stepsDone}: the updates a checkpoint's run already made (0 for a new run). */
    static ZooAdam of(ParameterTracker learningRate, int stepsDone) {
        Builder b = new Builder();
        b.learningRate = learningRate;
        return new ZooAdam(b.optBeginNumUpdate(stepsDone));
    }

    @Override
    public synchronized void update(String parameterId, NDArray weight, NDArray grad) {
        int t = updateCount(parameterId);
        double coef1 = 1.0 - Math.pow(BETA1, t);
        double coef2 = 1.0 - Math.pow(BETA2, t);
        float lr = learningRate.getNewValue(parameterId, t);
        float corrected = (float) (lr * Math.sqrt(coef2) / coef1);
        float weightDecay = getWeightDecay();
        if (!Float.isFinite(corrected) || !Float.isFinite(weightDecay)) {
            throw new IllegalStateException("learning rate or weight decay is not finite at update " + t);
        }
        NDArray m = means.computeIfAbsent(parameterId, id -> start(restoredMeans.remove(id), weight));
        NDArray v = variances.computeIfAbsent(parameterId, id -> start(restoredVariances.remove(id), weight));
        weight.getNDArrayInternal().adamUpdate(new NDList(weight, grad, m, v), new NDList(weight), lr, corrected,
                weightDecay, rescaleGrad, clipGrad, BETA1, BETA2, EPSILON, true, false);
    }

    private static NDArray start(float[] restored, NDArray weight) {
        return restored == null ? weight.zerosLike() : weight.getManager().create(restored, weight.getShape());
    }

    /** The first and second moments of a parameter, or null before its first update. */
    synchronized float[][] moments(String parameterId) {
        NDArray m = means.get(parameterId);
        NDArray v = variances.get(parameterId);
        return m == null || v == null ? null : new float[][] {m.toFloatArray(), v.toFloatArray()};
    }

    /** Takes up a checkpoint's moments of a parameter (shaped as {@code shape}) for its next update. */
    synchronized void restore(String parameterId, Shape shape, float[] mean, float[] variance) {
        if (mean.length != shape.size() || variance.length != shape.size()) {
            throw new IllegalArgumentException("moments of " + mean.length + " values for a parameter of shape "
                    + shape);
        }
        restoredMeans.put(parameterId, mean.clone());
        restoredVariances.put(parameterId, variance.clone());
    }

    private static final class Builder extends OptimizerBuilder<Builder> {
        ParameterTracker learningRate;

        @Override
        protected Builder self() {
            return this;
        }
    }
}
