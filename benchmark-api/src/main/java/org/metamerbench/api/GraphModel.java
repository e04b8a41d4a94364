package org.metamerbench.api;

import java.util.List;
import java.util.Map;

/**
 * A loaded graph model ({@link Modality#GRAPH}): a graph neural network that classifies the nodes of a graph. It
 * takes one graph at a time ({@link GraphInput}; graphs differ in size); its stages are node activations, one
 * row per node ({@code [nodes, stageShape...]}), the input stage the node features and the last the logits.
 * Implementations must be deterministic and equivariant: renumbering the nodes renumbers the rows and changes
 * nothing else (the conformance kit checks it).
 *
 * <p>A model is used from one thread at a time. Close it to free native memory.
 */
public interface GraphModel extends AutoCloseable {

    ModelCard card();

    /** Activations of the named stages at every node, one {@code [nodes, stageShape...]} per stage, in that order. */
    Map<String, Tensor> activations(GraphInput graph, List<String> stages);

    /** Logits {@code [nodes, numClasses]}: by default the activation of the card's last stage. */
    default Tensor logits(GraphInput graph) {
        List<Stage> stages = card().stages();
        String last = stages.get(stages.size() - 1).name();
        return activations(graph, List.of(last)).get(last);
    }

    /** Frees the model's resources. Must not throw for an already closed model. */
    @Override
    void close();
}
