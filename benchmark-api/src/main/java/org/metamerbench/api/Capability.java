package org.metamerbench.api;

/** What a model can do. Every model can classify; some can do more. */
public enum Capability {
    /** {@link Model#logits} and {@link Model#activations}: the model can be an observer. */
    OBSERVE,
    /** {@link DifferentiableModel#vjp}: the model can generate metamers. */
    INPUT_GRADIENT
}
