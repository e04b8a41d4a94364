package org.metamerbench.api;

import java.util.List;
import java.util.Map;

/**
 * A loaded model. Inputs are batches shaped {@code [n, inputShape...]} with values in the card's
 * value range. Implementations must be deterministic and must treat the samples of a batch
 * independently (no batch statistics), so that batching never changes a result.
 *
 * <p>A model is used from one thread at a time. Close it to free native memory.
 */
public interface Model extends AutoCloseable {

    ModelCard card();

    /**
     * Logits {@code [n, numClasses]} for a batch. By default the activation of the card's last stage,
     * which is the logits stage of every model.
     */
    default Tensor logits(Tensor batch) {
        List<Stage> stages = card().stages();
        String last = stages.get(stages.size() - 1).name();
        return activations(batch, List.of(last)).get(last);
    }

    /**
     * Activations of the named stages for a batch, one tensor {@code [n, stageShape...]} per stage,
     * computed in one forward pass. The map iterates in the order of {@code stages}.
     */
    Map<String, Tensor> activations(Tensor batch, List<String> stages);

    /** Frees the model's resources. Must not throw for an already closed model. */
    @Override
    void close();
}
