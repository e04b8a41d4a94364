package org.metamerbench.api;

/** The kind of stimulus a model takes. */
public enum Modality {
    IMAGE,
    AUDIO,
    /**
     * A node of a graph with its neighbourhood ({@link GraphInput}); the model is a {@link GraphModel}, and its card's
     * input and stage shapes are per node.
     */
    GRAPH
}
