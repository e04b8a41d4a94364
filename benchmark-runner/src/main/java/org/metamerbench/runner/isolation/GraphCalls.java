package org.metamerbench.runner.isolation;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.metamerbench.api.DifferentiableGraphModel;
import org.metamerbench.api.GraphInput;
import org.metamerbench.api.GraphModel;
import org.metamerbench.api.ModelCard;
import org.metamerbench.api.Tensor;
import org.metamerbench.runner.ModelOutputs;
import org.metamerbench.runner.isolation.Frames.Frame;

/**
 * The forked JVM's side of a graph model's calls ({@link IsolatedGraphModel}): its activations, and its
 * vector-Jacobian product as a conversation in which the upstream gradient is asked of the harness while the
 * model's backward pass waits. Every array is checked before it is sent: finite, and of the shape the card and the
 * graph say.
 */
final class GraphCalls {
    private GraphCalls() {
    }

    static Frame answer(GraphModel model, Frame call, DataInputStream in, OutputStream out,
            ByteArrayOutputStream noise) throws IOException {
        ModelCard card = model.card();
        JsonNode h = call.head();
        GraphInput graph = ModelCalls.graph(call);
        String op = h.path(ModelCalls.OP).asText();
        if (op.equals(ModelCalls.GRAPH_ACTIVATIONS)) {
            List<String> stages = new ArrayList<>();
            h.path("stages").forEach(s -> stages.add(s.asText()));
            Map<String, Tensor> acts = model.activations(graph, stages);
            List<byte[]> arrays = new ArrayList<>();
            for (String stage : stages) {
                String problem = check(card.id() + ": stage " + stage, acts.get(stage), shape(graph.nodes(),
                        card.stage(stage).shape()));
                if (problem != null) {
                    return ModelCalls.status(ModelCalls.INVALID, problem);
                }
                arrays.add(ModelCalls.idx(acts.get(stage)));
            }
            return ModelCalls.ok(arrays);
        }
        if (!op.equals(ModelCalls.GRAPH_VJP)) {
            throw new IllegalArgumentException("unknown call '" + op + "' for a graph model");
        }
        if (!(model instanceof DifferentiableGraphModel dm)) {
            throw new IllegalStateException(card.id() + " gives no input gradients");
        }
        String stage = h.path("stage").asText();
        int[] stageShape = shape(graph.nodes(), card.stage(stage).shape());
        String[] invalid = {null};
        DifferentiableGraphModel.GraphGradient g;
        try {
            g = dm.vjp(graph, stage, activation -> {
            invalid[0] = check(card.id() + ": stage " + stage, activation, stageShape);
            if (invalid[0] != null) {
                throw new IllegalStateException(invalid[0]);
            }
            try {
                Frames.write(out, ModelCalls.phase(ModelCalls.ACTIVATION_PHASE, List.of(ModelCalls.idx(activation))));
                Frame up = Frames.read(in, noise);
                if (up == null || !up.head().path(ModelCalls.OP).asText().equals(ModelCalls.UPSTREAM)) {
                    throw new IllegalStateException("the harness ended the gradient call");
                }
                return ModelCalls.tensor(ModelCalls.blob(up, 0), "the upstream gradient");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            });
        } catch (RuntimeException e) {
            if (invalid[0] != null) {
                return ModelCalls.status(ModelCalls.INVALID, invalid[0]);
            }
            throw e;
        }
        String problem = check(card.id() + ": the feature gradient at " + stage, g.featureGradient(),
                graph.features().shape());
        if (problem == null) {
            problem = check(card.id() + ": the adjacency gradient at " + stage, g.adjacencyGradient(),
                    graph.adjacency().shape());
        }
        if (problem != null) {
            return ModelCalls.status(ModelCalls.INVALID, problem);
        }
        return ModelCalls.phase(ModelCalls.GRADIENT_PHASE, List.of(ModelCalls.idx(g.featureGradient()),
                ModelCalls.idx(g.adjacencyGradient())));
    }

    private static int[] shape(int nodes, int[] perNode) {
        int[] s = new int[perNode.length + 1];
        s[0] = nodes;
        System.arraycopy(perNode, 0, s, 1, perNode.length);
        return s;
    }

    /** Why {@code t} cannot be sent as {@code what} of shape {@code expected}, or null. */
    private static String check(String what, Tensor t, int[] expected) {
        if (t == null) {
            return what + " was asked for and not returned";
        }
        if (!Arrays.equals(expected, t.shape())) {
            return what + " has shape " + Arrays.toString(t.shape()) + ", not " + Arrays.toString(expected);
        }
        return ModelOutputs.nonFinite(t, what);
    }
}
