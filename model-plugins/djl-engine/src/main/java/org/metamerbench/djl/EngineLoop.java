package org.metamerbench.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.metamerbench.api.harness.SynthesisLoop;
import org.metamerbench.api.Tensor;

/**
 * The synthesis loop ({@link SynthesisLoop}) inside the engine: the references' activations go in once, the
 * starting points once, and the metamers and the kept losses come out once at the end. Every step (the
 * forward pass to the stage, the loss, the input gradient, the per-sample normalisation and the clamp) is
 * engine operations on the model's device, with no copy to Java arrays. Each step's temporary arrays live
 * in a manager closed at the end of the step.
 */
public final class EngineLoop {
    private EngineLoop() {
    }

    /** The forward pass of one model to one stage, in the engine. */
    @FunctionalInterface
    public interface StageForward {
        /**
         * Returns {@code [activation, differentiated]} for {@code x}: the stage's activation, and the array
         * whose backward pass gives the input gradient (the activation itself, or the fake ReLU's input path).
         */
        NDList forward(NDArray x);
    }

    private static final float TINY = Float.MIN_NORMAL;

    /** Runs {@code loop} with {@code forward} on the device of {@code manager}. */
    public static SynthesisLoop.Result run(NDManager manager, SynthesisLoop loop, StageForward forward) {
        int n = loop.start().batchSize();
        try (NDManager job = manager.newSubManager()) {
            NDArray target = NdTensors.toNd(job, loop.target()).reshape(n, -1);
            NDArray targetNorm = target.norm(new int[] {1});
            NDArray scale = targetNorm.eq(0).toType(targetNorm.getDataType(), false).add(targetNorm);
            NDArray x = NdTensors.toNd(job, loop.start());
            Shape shape = x.getShape();
            float lo = loop.range().lo();
            float hi = loop.range().hi();
            List<NDArray> curve = new ArrayList<>();
            int total = loop.totalSteps();
            for (int t = 0; t < total; t++) {
                boolean keep = t % loop.curveEvery() == 0;
                NDArray next;
                try (NDManager step = job.newSubManager()) {
                    NDArray input = x;
                    input.tempAttach(step);
                    input.setRequiresGradient(true);
                    NDArray loss = InputGradients.collect(job.getEngine(), gc -> {
                        NDList out = forward.forward(input);
                        NDArray diff = out.get(0).reshape(n, -1).sub(target);
                        NDArray dist = diff.norm(new int[] {1}, true).stopGradient();
                        NDArray upstream = diff.stopGradient().div(dist.maximum(TINY));
                        gc.backward(out.get(1).reshape(n, -1).mul(upstream).sum());
                        return dist.reshape(n).div(scale);
                    });
                    if (keep) {
                        NDArray kept = loss.duplicate();
                        kept.attach(job);
                        curve.add(kept);
                    }
                    NDArray g = x.getGradient().reshape(n, -1);
                    NDArray gNorm = g.norm(new int[] {1}, true).maximum(TINY);
                    next = x.stopGradient().reshape(n, -1)
                            .sub(g.mul(loop.stepSize(t)).div(gNorm))
                            .clip(lo, hi).reshape(shape);
                    next.attach(job);
                }
                x.close();
                x = next;
                loop.progress().accept(t + 1);
            }
            Tensor metamers = NdTensors.toTensor(x);
            float[][] losses = new float[curve.size()][];
            if (!curve.isEmpty()) {
                float[] all = ai.djl.ndarray.NDArrays.stack(new NDList(curve)).toFloatArray();
                for (int k = 0; k < losses.length; k++) {
                    losses[k] = java.util.Arrays.copyOfRange(all, k * n, (k + 1) * n);
                }
            }
            return new SynthesisLoop.Result(metamers, losses);
        }
    }
}
