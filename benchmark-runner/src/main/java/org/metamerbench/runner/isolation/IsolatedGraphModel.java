package org.metamerbench.runner.isolation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.metamerbench.api.DifferentiableGraphModel;
import org.metamerbench.api.DifferentiableModel;
import org.metamerbench.api.GraphInput;
import org.metamerbench.api.ModelCard;
import org.metamerbench.api.ModelException;
import org.metamerbench.api.Tensor;

/**
 * A graph model of the plugin folder whose every call runs in a forked JVM of its own ({@link ModelProcess},
 * {@link ModelServer}), as {@link IsolatedModel} runs image and sound models: a plugin that throws, hangs, exits or
 * returns NaN or a wrong shape fails its call with a {@link ModelException} that says which. A vector-Jacobian
 * product is one conversation: the child's forward pass answers with the activation, the harness computes the
 * upstream gradient from it, and the child's backward pass answers with both input gradients.
 */
public final class IsolatedGraphModel implements DifferentiableGraphModel {
    private final ModelCard card;
    private final ModelProcess child;

    IsolatedGraphModel(ModelCard card, Path source, JobLimits limits) {
        this.card = card;
        this.child = new ModelProcess(source, card.id(), limits);
    }

    @Override
    public ModelCard card() {
        return card;
    }

    @Override
    public Map<String, Tensor> activations(GraphInput graph, List<String> stages) {
        long bytes = 0;
        for (String stage : stages) {
            bytes += ModelCalls.idxBytes(graph.nodes(), card.stage(stage).shape());
        }
        Frames.Frame answer = child.call(ModelCalls.graphActivations(stages, graph), bytes);
        try {
            Map<String, Tensor> out = new LinkedHashMap<>();
            for (int i = 0; i < stages.size(); i++) {
                out.put(stages.get(i), ModelCalls.tensor(ModelCalls.blob(answer, i), "activations of "
                        + stages.get(i)));
            }
            return out;
        } catch (IOException e) {
            throw new ModelException(card.id() + ": the model's JVM answered: " + e.getMessage(), e);
        }
    }

    @Override
    public GraphGradient vjp(GraphInput graph, String stage, DifferentiableModel.Upstream upstream) {
        int n = graph.nodes();
        Frames.Frame first = child.call(ModelCalls.graphVjp(stage, graph), ModelCalls.idxBytes(n,
                card.stage(stage).shape()));
        try {
            expect(first, ModelCalls.ACTIVATION_PHASE, "did not ask for the upstream gradient");
            Tensor activation = ModelCalls.tensor(ModelCalls.blob(first, 0), "the activation");
            Tensor u;
            try {
                u = upstream.of(activation);
            } catch (RuntimeException e) {
                child.close(); // it waits for the upstream gradient: this conversation cannot go on
                throw e;
            }
            Frames.Frame second = child.call(ModelCalls.upstream(u), ModelCalls.idxBytes(n,
                    new int[] {graph.features().dim(1)}) + ModelCalls.idxBytes(n, new int[] {n}));
            expect(second, ModelCalls.GRADIENT_PHASE, "asked for the upstream gradient twice");
            return new GraphGradient(activation, ModelCalls.tensor(ModelCalls.blob(second, 0), "the feature "
                    + "gradient"), ModelCalls.tensor(ModelCalls.blob(second, 1), "the adjacency gradient"));
        } catch (IOException e) {
            child.close();
            throw new ModelException(card.id() + ": the model's JVM answered: " + e.getMessage(), e);
        }
    }

    private void expect(Frames.Frame answer, String phase, String otherwise) {
        if (!answer.head().path(ModelCalls.PHASE).asText().equals(phase)) {
            child.close();
            throw new ModelException(card.id() + ": the model " + otherwise + " in one gradient call");
        }
    }

    /** How many JVMs this model has started. */
    public int jvmsStarted() {
        return child.started();
    }

    @Override
    public void close() {
        child.close();
    }
}
