package org.metamerbench.runner.graph;

import java.util.Arrays;
import java.util.List;
import org.metamerbench.api.GraphInput;
import org.metamerbench.api.GraphModel;
import org.metamerbench.api.Tensor;
import org.metamerbench.datasets.graph.Neighbourhood;

/**
 * What a graph model says of a stimulus: the stimulus is node 0 of its neighbourhood, so its activation at a stage is
 * row 0 of the stage's {@code [nodes, width]} activations and its class the largest of row 0 at the model's last
 * stage (its logits).
 */
public final class GraphObservers {
    private GraphObservers() {
    }

    public static GraphInput input(float[] features, float[] adjacency, int nodes) {
        return new GraphInput(Tensor.wrap(new int[] {nodes, features.length / nodes}, features),
                Tensor.wrap(new int[] {nodes, nodes}, adjacency));
    }

    public static GraphInput input(Neighbourhood nb) {
        return input(nb.features(), nb.adjacency(), nb.size());
    }

    /** The centre's activation at {@code stage}. */
    public static float[] centre(GraphModel m, String stage, GraphInput g) {
        float[] a = GraphUnion.activation(m, stage, g);
        return Arrays.copyOf(a, a.length / g.nodes());
    }

    /** The model's last stage, whose largest unit is its answer. */
    public static String logits(GraphModel m) {
        List<String> stages = m.card().stageNames();
        return stages.get(stages.size() - 1);
    }

    /** The model's class for the centre of {@code g}. */
    public static int classify(GraphModel m, GraphInput g) {
        float[] v = centre(m, logits(m), g);
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
