package org.metamerbench.zoo.graph;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.metamerbench.api.DifferentiableGraphModel;
import org.metamerbench.api.DifferentiableModel;
import org.metamerbench.api.GraphInput;
import org.metamerbench.api.ModelCard;
import org.metamerbench.api.Tensor;
import org.metamerbench.djl.GraphPasses;
import org.metamerbench.djl.NdTensors;

/**
 * A {@link GraphNetwork} with its weights behind the SPI. Parameters are frozen: a backward pass computes the
 * gradients with respect to the node features and the adjacency only.
 */
public final class DjlGraphModel implements DifferentiableGraphModel {
    private final ModelCard card;
    private final GraphNetwork net;
    private final NDManager manager;
    private boolean closed;

    /** Takes ownership of {@code manager}, which holds the network's weights. */
    public DjlGraphModel(ModelCard card, GraphNetwork net, NDManager manager) {
        this.card = card;
        this.net = net;
        this.manager = manager;
    }

    @Override
    public ModelCard card() {
        return card;
    }

    private int index(String stage) {
        int i = GraphArchitecture.STAGES.indexOf(stage);
        if (i < 0) {
            throw new IllegalArgumentException(card.id() + " has no stage '" + stage + "'");
        }
        return i;
    }

    @Override
    public Map<String, Tensor> activations(GraphInput graph, List<String> stages) {
        ensureOpen();
        try (NDManager sub = manager.newSubManager()) {
            NDList outs = net.forward(NdTensors.toNd(sub, graph.features()), NdTensors.toNd(sub, graph.adjacency()));
            Map<String, Tensor> result = new LinkedHashMap<>();
            for (String s : stages) {
                result.put(s, NdTensors.toTensor(outs.get(index(s))));
            }
            return result;
        }
    }

    @Override
    public GraphGradient vjp(GraphInput graph, String stage, DifferentiableModel.Upstream upstream) {
        ensureOpen();
        int k = index(stage);
        return GraphPasses.vjp(manager, card.id(), stage, graph, upstream, (x, a) -> net.forward(x, a).get(k));
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException(card.id() + " is closed");
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            manager.close();
        }
    }
}
