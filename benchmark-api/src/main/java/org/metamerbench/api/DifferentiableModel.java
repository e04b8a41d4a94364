package org.metamerbench.api;

/**
 * A model that can give the gradient of a stage with respect to its input, and so can generate
 * metamers. The backend only differentiates; the harness owns the loss and the optimiser.
 *
 * <p>The one primitive is a vector-Jacobian product: a forward pass from the input to a stage gives
 * the activation {@code a}; the harness turns {@code a} into an upstream gradient {@code u} (its
 * {@link Upstream}); one backward pass then gives {@code d<u, a>/d input}.
 */
public interface DifferentiableModel extends Model {

    /**
     * Runs one forward pass of {@code input} ({@code [n, inputShape...]}) to {@code stage}, asks
     * {@code upstream} for the upstream gradient of the activation, and returns the activation with
     * the input gradient {@code d<upstream, activation>/d input} (shape of {@code input}).
     *
     * @param fakeRelu for a stage that ends in a ReLU ({@link Stage#afterRelu()}), or in max pooling
     *                 straight after one ({@link Stage#maxPoolAfterRelu()}): treat that ReLU as the
     *                 identity in the backward pass while the forward pass stays a ReLU (the "fake ReLU"
     *                 of Feather et al. 2023; through max pooling, the pooling is differentiated on the
     *                 ReLU's input). The harness decides per stage (see
     *                 {@link Stage#fakeReluApplies(boolean)}); ignored for other stages.
     */
    StageGradient vjp(Tensor input, String stage, Upstream upstream, boolean fakeRelu);

    /** Computes the upstream gradient of a stage activation; same shape as the activation. */
    @FunctionalInterface
    interface Upstream {
        Tensor of(Tensor activation);
    }

    /** The activation reached by the forward pass and the input gradient from the backward pass. */
    record StageGradient(Tensor activation, Tensor inputGradient) {
    }
}
