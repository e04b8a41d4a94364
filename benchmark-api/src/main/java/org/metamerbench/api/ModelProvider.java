package org.metamerbench.api;

import java.util.List;

/**
 * The service a plugin jar offers, found with {@link java.util.ServiceLoader}: list the
 * implementation in {@code META-INF/services/org.metamerbench.api.ModelProvider}. One provider may
 * offer many models.
 */
public interface ModelProvider {

    /** The provider's name, e.g. the plugin's name. */
    String name();

    /** The cards of the offered models. Must be cheap: no weights are loaded here. */
    List<ModelCard> models();

    /**
     * Loads one model. A model whose card has {@link Capability#INPUT_GRADIENT} must return a
     * {@link DifferentiableModel}.
     *
     * @throws ModelException when the id is unknown or the weights cannot be loaded
     */
    Model open(String id);

    /**
     * Loads one graph model (a card of {@link Modality#GRAPH}; {@link #open} is never called for one). A model whose
     * card has {@link Capability#INPUT_GRADIENT} must return a {@link DifferentiableGraphModel}. By default: none.
     *
     * @throws ModelException when the id is unknown, not a graph model, or the weights cannot be loaded
     */
    default GraphModel openGraph(String id) {
        throw new ModelException(name() + " offers no graph model '" + id + "'");
    }
}
