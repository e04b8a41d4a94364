package org.metamerbench.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.Optional;
import org.metamerbench.api.DifferentiableModel.StageGradient;
import org.metamerbench.api.DifferentiableModel.Upstream;
import org.metamerbench.api.ModelException;
import org.metamerbench.api.harness.SynthesisLoop;
import org.metamerbench.api.Tensor;
import org.metamerbench.djl.EngineLoop.StageForward;

/**
 * The two gradient services of a DJL-backed model, given its forward pass to a stage: the vector-Jacobian
 * product ({@code DifferentiableModel.vjp}) and the synthesis loop in the engine ({@code SynthesisLoop.Runner}).
 */
public final class StagePasses {
    private StagePasses() {
    }

    /**
     * One forward pass of {@code input} to the stage, the upstream gradient from {@code upstream}, one backward
     * pass; the activation and {@code d<u, differentiated>/d input}. Engine failures become a
     * {@link ModelException} naming the model and stage; a wrong upstream shape is an
     * {@link IllegalArgumentException}.
     */
    public static StageGradient vjp(NDManager manager, String model, String stage, Tensor input, Upstream upstream,
            StageForward forward) {
        try (NDManager sub = manager.newSubManager()) {
            NDArray x = NdTensors.toNd(sub, input);
            x.setRequiresGradient(true);
            Tensor activation = InputGradients.collect(manager.getEngine(), gc -> {
                NDList outs = forward.forward(x);
                Tensor a = NdTensors.toTensor(outs.get(0));
                Tensor u = upstream.of(a);
                if (!Arrays.equals(u.shape(), a.shape())) {
                    throw new IllegalArgumentException("upstream gradient shape " + Arrays.toString(u.shape())
                            + " differs from the activation's " + Arrays.toString(a.shape()));
                }
                gc.backward(outs.get(1).mul(NdTensors.toNd(sub, u)).sum());
                return a;
            });
            return new StageGradient(activation, NdTensors.toTensor(x.getGradient()));
        } catch (IllegalArgumentException | ModelException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ModelException(model + ": gradient at stage " + stage + " failed: " + e.getMessage(), e);
        }
    }

    /** The synthesis loop in the engine ({@link EngineLoop}); engine failures name the model and stage. */
    public static Optional<SynthesisLoop.Result> loop(NDManager manager, String model, SynthesisLoop loop,
            StageForward forward) {
        try {
            return Optional.of(EngineLoop.run(manager, loop, forward));
        } catch (ModelException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ModelException(model + ": synthesis at stage " + loop.stage() + " failed: " + e.getMessage(), e);
        }
    }
}
