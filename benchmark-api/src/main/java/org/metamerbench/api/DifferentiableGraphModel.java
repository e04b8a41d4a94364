package org.metamerbench.api;

/**
 * A graph model that gives the gradient of a stage with respect to its input graph, both its node features and its
 * edge weights, and so can generate graph metamers. As for {@link DifferentiableModel}, the one primitive is a
 * vector-Jacobian product: the harness owns the loss and the optimiser.
 */
public interface DifferentiableGraphModel extends GraphModel {

    /**
     * Runs one forward pass of {@code graph} to {@code stage}, asks {@code upstream} for the upstream gradient of the
     * activation {@code a} ({@code [nodes, stageShape...]}), and returns {@code a} with the gradients of {@code
     * <upstream, a>} with respect to the node features ({@code [nodes, features]}) and to the adjacency ({@code
     * [nodes, nodes]}: the derivative by each entry, the adjacency's symmetry not folded in: an edge's weight
     * appears twice, and its derivative is the sum of the two entries').
     */
    GraphGradient vjp(GraphInput graph, String stage, DifferentiableModel.Upstream upstream);

    /** The activation reached by the forward pass and the two input gradients of the backward pass. */
    record GraphGradient(Tensor activation, Tensor featureGradient, Tensor adjacencyGradient) {
    }
}
