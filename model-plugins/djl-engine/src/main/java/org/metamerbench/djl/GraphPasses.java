package org.metamerbench.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.function.BinaryOperator;
import org.metamerbench.api.DifferentiableGraphModel.GraphGradient;
import org.metamerbench.api.DifferentiableModel;
import org.metamerbench.api.GraphInput;
import org.metamerbench.api.ModelException;
import org.metamerbench.api.Tensor;

/**
 * The vector-Jacobian product of a DJL graph model, whatever runs its forward pass (the zoo's networks, a package's
 * TorchScript module): one forward pass to the stage with autograd on the features and the adjacency, the upstream
 * gradient asked of the activation, and one backward pass.
 */
public final class GraphPasses {
    private GraphPasses() {
    }

    /**
     * @param forward the stage's activation from the features and the adjacency, recorded by autograd
     */
    public static GraphGradient vjp(NDManager manager, String modelId, String stage, GraphInput graph,
            DifferentiableModel.Upstream upstream, BinaryOperator<NDArray> forward) {
        try (NDManager sub = manager.newSubManager()) {
            NDArray x = NdTensors.toNd(sub, graph.features());
            NDArray a = NdTensors.toNd(sub, graph.adjacency());
            x.setRequiresGradient(true);
            a.setRequiresGradient(true);
            Tensor activation = InputGradients.collect(manager.getEngine(), gc -> {
                NDArray out = forward.apply(x, a);
                Tensor act = NdTensors.toTensor(out);
                Tensor u = upstream.of(act);
                if (!Arrays.equals(u.shape(), act.shape())) {
                    throw new IllegalArgumentException("upstream gradient shape " + Arrays.toString(u.shape())
                            + " differs from the activation's " + Arrays.toString(act.shape()));
                }
                // a stage that does not depend on the adjacency (the input) still gives it a zero gradient
                gc.backward(out.mul(NdTensors.toNd(sub, u)).sum().add(a.mul(a.zerosLike()).sum()));
                return act;
            });
            return new GraphGradient(activation, NdTensors.toTensor(x.getGradient()),
                    NdTensors.toTensor(a.getGradient()));
        } catch (IllegalArgumentException | ModelException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ModelException(modelId + ": gradient at stage " + stage + " failed: " + e.getMessage(), e);
        }
    }
}
