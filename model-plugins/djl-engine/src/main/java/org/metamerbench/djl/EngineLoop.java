package org.metamerbench.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.metamerbench.api.harness.StimulusSchedule;
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

    /**
     * Runs {@code loop} with {@code forward} on the device of {@code manager}. The samples follow the schedule each on
     * its own ({@link StimulusSchedule}); a sample that has ended leaves the batch: its rows of the iterate, the
     * target and the scale are dropped, and its last iterate is copied out then.
     */
    public static SynthesisLoop.Result run(NDManager manager, SynthesisLoop loop, StageForward forward) {
        int n = loop.start().batchSize();
        StimulusSchedule schedule = new StimulusSchedule(loop);
        try (NDManager job = manager.newSubManager()) {
            NDArray target = NdTensors.toNd(job, loop.target()).reshape(n, -1);
            NDArray targetNorm = target.norm(new int[] {1});
            NDArray scale = targetNorm.eq(0).toType(targetNorm.getDataType(), false).add(targetNorm);
            NDArray x = NdTensors.toNd(job, loop.start());
            Shape sample = x.getShape().slice(1);
            int per = (int) sample.size();
            float[] out = new float[n * per];
            float lo = loop.range().lo();
            float hi = loop.range().hi();
            int[] curveSteps = loop.curveSteps();
            float[][] curve = new float[curveSteps.length][n];
            for (float[] row : curve) {
                java.util.Arrays.fill(row, Float.NaN);
            }
            for (int t = 0; !schedule.done(); t++) {
                int[] active = schedule.active();
                int m = active.length;
                float[] loss;
                NDArray next;
                try (NDManager step = job.newSubManager()) {
                    NDArray input = x;
                    NDArray tgt = target;
                    NDArray sc = scale;
                    input.tempAttach(step);
                    input.setRequiresGradient(true);
                    NDArray lossNd = InputGradients.collect(job.getEngine(), gc -> {
                        NDList o = forward.forward(input);
                        NDArray diff = o.get(0).reshape(m, -1).sub(tgt);
                        NDArray dist = diff.norm(new int[] {1}, true).stopGradient();
                        NDArray upstream = diff.stopGradient().div(dist.maximum(TINY));
                        gc.backward(o.get(1).reshape(m, -1).mul(upstream).sum());
                        return dist.reshape(m).div(sc);
                    });
                    loss = lossNd.toFloatArray();
                    NDArray g = x.getGradient().reshape(m, -1);
                    NDArray gNorm = g.norm(new int[] {1}, true).maximum(TINY);
                    NDArray eta = step.create(schedule.stepSizes(), new Shape(m, 1));
                    next = x.stopGradient().reshape(m, -1)
                            .sub(g.mul(eta).div(gNorm))
                            .clip(lo, hi).reshape(new Shape(m).addAll(sample));
                    next.attach(job);
                }
                x.close();
                x = next;
                if (t % loop.curveEvery() == 0 && t / loop.curveEvery() < curve.length) {
                    for (int p = 0; p < m; p++) {
                        curve[t / loop.curveEvery()][active[p]] = loss[p];
                    }
                }
                NDArray now = x;
                boolean changed = schedule.stepped(loss, rows -> rowsOf(now, rows));
                loop.progress().accept(m);
                if (changed) {
                    int[] kept = schedule.kept();
                    schedule.copyEnded(x.toFloatArray(), out, per);
                    if (kept.length > 0) {
                        NDArray rows = job.create(schedule.keptMask());
                        NDArray x2 = x.get(rows);
                        NDArray t2 = target.get(rows);
                        NDArray s2 = scale.get(rows);
                        rows.close();
                        x.close();
                        target.close();
                        scale.close();
                        x = x2;
                        target = t2;
                        scale = s2;
                    }
                }
            }
            return new SynthesisLoop.Result(Tensor.wrap(loop.start().shape(), out), curve, schedule.steps(),
                    schedule.stopped());
        }
    }

    /** Rows {@code rows} (ascending) of {@code x}, copied out. */
    private static Tensor rowsOf(NDArray x, int[] rows) {
        try (NDManager m = x.getManager().newSubManager()) {
            boolean[] mask = new boolean[(int) x.getShape().get(0)];
            for (int r : rows) {
                mask[r] = true;
            }
            NDArray idx = m.create(mask);
            NDArray picked = x.get(idx);
            picked.attach(m);
            return NdTensors.toTensor(picked);
        }
    }
}
