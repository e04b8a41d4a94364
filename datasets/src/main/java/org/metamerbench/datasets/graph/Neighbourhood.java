package org.metamerbench.datasets.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A graph stimulus: a centre node with its {@code hops}-hop neighbourhood, the receptive field of a model whose
 * deepest stage aggregates {@code hops} times. It is the subgraph induced by the nodes within {@code hops} edges of
 * the centre (every edge of the graph between two of them), the nodes ordered by their distance from the centre
 * and then by their index in the graph, so that the centre is local node 0.
 *
 * @param nodes     the graph's index of each local node
 * @param distance  each local node's distance from the centre, in edges
 * @param edges     the induced edges as local pairs {@code [a, b]}, {@code a < b}, ascending
 * @param features  the local nodes' features, dense, {@code [nodes.length x featureCount]} row-major
 */
public record Neighbourhood(int centre, int hops, int label, int[] nodes, int[] distance, int[][] edges,
        int featureCount, float[] features) {

    /** The {@code hops}-hop neighbourhood of {@code centre} in {@code g}. */
    public static Neighbourhood of(Graph g, int centre, int hops) {
        if (centre < 0 || centre >= g.nodeCount()) {
            throw new IllegalArgumentException("node " + centre + " is not in the graph (0.." + (g.nodeCount() - 1)
                    + ")");
        }
        if (hops < 0) {
            throw new IllegalArgumentException("hops must be at least 0");
        }
        Map<Integer, Integer> dist = new HashMap<>();
        dist.put(centre, 0);
        List<Integer> frontier = List.of(centre);
        List<Integer> order = new ArrayList<>(List.of(centre));
        for (int h = 1; h <= hops && !frontier.isEmpty(); h++) {
            List<Integer> next = new ArrayList<>();
            for (int v : frontier) {
                for (int u : g.neighbours(v)) {
                    if (!dist.containsKey(u)) {
                        dist.put(u, h);
                        next.add(u);
                    }
                }
            }
            next.sort(null);
            order.addAll(next);
            frontier = next;
        }
        int m = order.size();
        int[] nodes = order.stream().mapToInt(Integer::intValue).toArray();
        int[] distance = new int[m];
        Map<Integer, Integer> local = new HashMap<>();
        for (int i = 0; i < m; i++) {
            distance[i] = dist.get(nodes[i]);
            local.put(nodes[i], i);
        }
        List<int[]> edges = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            for (int u : g.neighbours(nodes[i])) {
                Integer j = local.get(u);
                if (j != null && j > i) {
                    edges.add(new int[] {i, j});
                }
            }
        }
        edges.sort((a, b) -> a[0] != b[0] ? Integer.compare(a[0], b[0]) : Integer.compare(a[1], b[1]));
        int f = g.featureCount();
        float[] features = new float[m * f];
        for (int i = 0; i < m; i++) {
            System.arraycopy(g.features(nodes[i]), 0, features, i * f, f);
        }
        return new Neighbourhood(centre, hops, g.label(centre), nodes, distance, edges.toArray(int[][]::new), f,
                features);
    }

    /** Local nodes. */
    public int size() {
        return nodes.length;
    }

    /** The input dimensions of the neighbourhood's features: nodes x features. */
    public int featureDimensions() {
        return nodes.length * featureCount;
    }

    /** The symmetric 0/1 adjacency of the local nodes, {@code [size x size]} row-major, no self-loops. */
    public float[] adjacency() {
        int m = size();
        float[] a = new float[m * m];
        for (int[] e : edges) {
            a[e[0] * m + e[1]] = 1;
            a[e[1] * m + e[0]] = 1;
        }
        return a;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Neighbourhood n && centre == n.centre && hops == n.hops && label == n.label
                && Arrays.equals(nodes, n.nodes) && Arrays.equals(distance, n.distance)
                && Arrays.deepEquals(edges, n.edges) && featureCount == n.featureCount
                && Arrays.equals(features, n.features);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(nodes) + centre;
    }

    @Override
    public String toString() {
        return "node " + centre + " with its " + hops + "-hop neighbourhood (" + size() + " nodes, " + edges.length
                + " edges)";
    }
}
