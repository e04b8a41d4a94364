package org.metamerbench.api;

/**
 * A graph as a graph model takes it: node features {@code [nodes, features]} and a weighted adjacency {@code [nodes,
 * nodes]}, symmetric, with weights in [0, 1] (1 an edge, 0 none) and a zero diagonal: the model adds self-loops and
 * normalises as its architecture does. Node 0 is the centre of a stimulus (its neighbours follow by distance).
 * Features are in the card's value range; where the card's {@code binary-features} property is {@code true} they
 * are 0 or 1 in the stimuli, though a model must accept any value in the range (synthesis relaxes them).
 */
public record GraphInput(Tensor features, Tensor adjacency) {
    public GraphInput {
        if (features.rank() != 2) {
            throw new IllegalArgumentException("graph features must be [nodes, features], not "
                    + java.util.Arrays.toString(features.shape()));
        }
        int n = features.dim(0);
        if (adjacency.rank() != 2 || adjacency.dim(0) != n || adjacency.dim(1) != n) {
            throw new IllegalArgumentException("the adjacency of a graph of " + n + " nodes must be [" + n + ", " + n
                    + "], not " + java.util.Arrays.toString(adjacency.shape()));
        }
        for (int i = 0; i < n; i++) {
            if (adjacency.get(i * n + i) != 0f) {
                throw new IllegalArgumentException("the adjacency's diagonal must be 0 (node " + i + ": "
                        + adjacency.get(i * n + i) + "); the model adds self-loops itself");
            }
            for (int j = i + 1; j < n; j++) {
                float a = adjacency.get(i * n + j);
                if (a != adjacency.get(j * n + i) || !(a >= 0f && a <= 1f)) {
                    throw new IllegalArgumentException("the adjacency must be symmetric with weights in [0, 1] "
                            + "(nodes " + i + " and " + j + ": " + a + ", " + adjacency.get(j * n + i) + ")");
                }
            }
        }
        if (!features.allFinite()) {
            throw new IllegalArgumentException("graph features must be finite");
        }
    }

    public int nodes() {
        return features.dim(0);
    }

    public int featureCount() {
        return features.dim(1);
    }
}
