package org.metamerbench.datasets.graph;

import java.util.Arrays;

/**
 * An undirected graph with node features, labels and a split: what a graph stimulus set is drawn from. Node
 * features are stored sparse (compressed rows: most citation-graph features are zero), edges as sorted neighbour
 * lists (each undirected edge in both lists, no self-loops, no pair twice). Immutable; build one with
 * {@link GraphFiles#read} or {@link Csbm#generate}.
 */
public final class Graph {
    /** Which part of the standard split a node belongs to. */
    public enum Split {
        TRAIN, VAL, TEST, NONE;

        /** The split's name in nodes.csv. */
        public String csv() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** No label (a node the source leaves unlabelled). */
    public static final int UNLABELLED = -1;

    private final int featureCount;
    private final int classCount;
    private final int[] labels;
    private final Split[] splits;
    private final int[] featurePtr;
    private final int[] featureIndex;
    private final float[] featureValue;
    private final int[] adjacencyPtr;
    private final int[] adjacency;
    private final boolean binary;

    Graph(int featureCount, int[] labels, Split[] splits, int[] featurePtr, int[] featureIndex, float[] featureValue,
            int[] adjacencyPtr, int[] adjacency) {
        this.featureCount = featureCount;
        this.labels = labels;
        this.splits = splits;
        this.featurePtr = featurePtr;
        this.featureIndex = featureIndex;
        this.featureValue = featureValue;
        this.adjacencyPtr = adjacencyPtr;
        this.adjacency = adjacency;
        int classes = 0;
        for (int l : labels) {
            classes = Math.max(classes, l + 1);
        }
        this.classCount = classes;
        boolean b = true;
        for (float v : featureValue) {
            b &= v == 1f;
        }
        this.binary = b;
    }

    /**
     * A graph from undirected edges ({@code edges[2e]}, {@code edges[2e + 1]}: distinct nodes, each pair once, in
     * either order) and sparse features ({@code rows[k]}, {@code cols[k]}, {@code values[k]}: each node x feature
     * once, values finite, zeros left out).
     */
    static Graph of(int featureCount, int[] labels, Split[] splits, int[] edges, int[] rows, int[] cols,
            float[] values) {
        int n = labels.length;
        int[] degree = new int[n];
        for (int v : edges) {
            degree[v]++;
        }
        int[] ptr = new int[n + 1];
        for (int i = 0; i < n; i++) {
            ptr[i + 1] = ptr[i] + degree[i];
        }
        int[] adj = new int[ptr[n]];
        int[] fill = Arrays.copyOf(ptr, n);
        for (int e = 0; e < edges.length; e += 2) {
            adj[fill[edges[e]]++] = edges[e + 1];
            adj[fill[edges[e + 1]]++] = edges[e];
        }
        for (int i = 0; i < n; i++) {
            Arrays.sort(adj, ptr[i], ptr[i + 1]);
        }
        int[] count = new int[n];
        for (int r : rows) {
            count[r]++;
        }
        int[] fptr = new int[n + 1];
        for (int i = 0; i < n; i++) {
            fptr[i + 1] = fptr[i] + count[i];
        }
        Integer[] order = new Integer[rows.length];
        for (int k = 0; k < order.length; k++) {
            order[k] = k;
        }
        Arrays.sort(order, (a, b) -> rows[a] != rows[b] ? Integer.compare(rows[a], rows[b])
                : Integer.compare(cols[a], cols[b]));
        int[] fidx = new int[rows.length];
        float[] fval = new float[rows.length];
        for (int k = 0; k < order.length; k++) {
            fidx[k] = cols[order[k]];
            fval[k] = values[order[k]];
        }
        return new Graph(featureCount, labels.clone(), splits.clone(), fptr, fidx, fval, ptr, adj);
    }

    public int nodeCount() {
        return labels.length;
    }

    public int featureCount() {
        return featureCount;
    }

    /** Classes: one more than the largest label. */
    public int classCount() {
        return classCount;
    }

    /** Undirected edges, each counted once. */
    public int edgeCount() {
        return adjacency.length / 2;
    }

    /** Stored (non-zero) feature values. */
    public int nonZeroFeatures() {
        return featureValue.length;
    }

    /** Whether every stored feature value is 1 (bag-of-words features, as in Cora and CiteSeer). */
    public boolean binary() {
        return binary;
    }

    public int label(int node) {
        return labels[node];
    }

    public Split split(int node) {
        return splits[node];
    }

    public int degree(int node) {
        return adjacencyPtr[node + 1] - adjacencyPtr[node];
    }

    /** The neighbours of {@code node}, ascending. */
    public int[] neighbours(int node) {
        return Arrays.copyOfRange(adjacency, adjacencyPtr[node], adjacencyPtr[node + 1]);
    }

    /** Whether {@code a} and {@code b} are joined by an edge. */
    public boolean hasEdge(int a, int b) {
        return Arrays.binarySearch(adjacency, adjacencyPtr[a], adjacencyPtr[a + 1], b) >= 0;
    }

    /** The features of {@code node}, dense. */
    public float[] features(int node) {
        float[] out = new float[featureCount];
        for (int k = featurePtr[node]; k < featurePtr[node + 1]; k++) {
            out[featureIndex[k]] = featureValue[k];
        }
        return out;
    }

    /** The nodes of {@code split}, ascending. */
    public int[] nodesOf(Split split) {
        return java.util.stream.IntStream.range(0, nodeCount()).filter(i -> splits[i] == split).toArray();
    }

    /** Each undirected edge once, {@code source < target}, in source then target order. */
    public int[][] edges() {
        int[][] out = new int[edgeCount()][];
        int e = 0;
        for (int i = 0; i < nodeCount(); i++) {
            for (int k = adjacencyPtr[i]; k < adjacencyPtr[i + 1]; k++) {
                if (adjacency[k] > i) {
                    out[e++] = new int[] {i, adjacency[k]};
                }
            }
        }
        return out;
    }

    /** The stored feature entries of {@code node}: feature indices ascending, with their values. */
    int[] featureIndices(int node) {
        return Arrays.copyOfRange(featureIndex, featurePtr[node], featurePtr[node + 1]);
    }

    float[] featureValues(int node) {
        return Arrays.copyOfRange(featureValue, featurePtr[node], featurePtr[node + 1]);
    }
}
