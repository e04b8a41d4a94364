package org.metamerbench.datasets.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class NeighbourhoodTest {
    /** Every node's distance from {@code s}, by relaxing all edges until nothing changes (no BFS). */
    static int[] distances(Graph g, int s) {
        int[] d = new int[g.nodeCount()];
        Arrays.fill(d, Integer.MAX_VALUE);
        d[s] = 0;
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int[] e : g.edges()) {
                for (int k = 0; k < 2; k++) {
                    int a = e[k];
                    int b = e[1 - k];
                    if (d[a] != Integer.MAX_VALUE && d[a] + 1 < d[b]) {
                        d[b] = d[a] + 1;
                        changed = true;
                    }
                }
            }
        }
        return d;
    }

    @Test
    void aNeighbourhoodIsTheSubgraphInducedByTheNodesWithinItsHops() {
        Graph g = Csbm.generate(Csbm.Params.coraLike(400), 3);
        for (int centre : new int[] {0, 17, 123, 399}) {
            for (int hops : new int[] {0, 1, 2, 3}) {
                Neighbourhood n = Neighbourhood.of(g, centre, hops);
                int[] d = distances(g, centre);
                List<Integer> expected = new ArrayList<>();
                for (int v = 0; v < g.nodeCount(); v++) {
                    if (d[v] <= hops) {
                        expected.add(v);
                    }
                }
                int[] sorted = n.nodes().clone();
                Arrays.sort(sorted);
                assertArrayEquals(expected.stream().mapToInt(Integer::intValue).toArray(), sorted);
                assertEquals(centre, n.nodes()[0], "the centre is local node 0");
                for (int i = 0; i < n.size(); i++) {
                    assertEquals(d[n.nodes()[i]], n.distance()[i]);
                    if (i > 0) {
                        assertTrue(n.distance()[i - 1] < n.distance()[i] || n.distance()[i - 1] == n.distance()[i]
                                && n.nodes()[i - 1] < n.nodes()[i], "by distance, then index");
                    }
                    assertArrayEquals(g.features(n.nodes()[i]), Arrays.copyOfRange(n.features(),
                            i * g.featureCount(), (i + 1) * g.featureCount()));
                }
                int induced = 0;
                for (int[] e : g.edges()) {
                    induced += d[e[0]] <= hops && d[e[1]] <= hops ? 1 : 0;
                }
                assertEquals(induced, n.edges().length, "every edge between two of its nodes");
                float[] a = n.adjacency();
                for (int[] e : n.edges()) {
                    assertTrue(g.hasEdge(n.nodes()[e[0]], n.nodes()[e[1]]));
                    assertEquals(1f, a[e[0] * n.size() + e[1]]);
                    assertEquals(1f, a[e[1] * n.size() + e[0]]);
                }
                assertEquals(2 * induced, (int) sum(a), "symmetric, nothing else");
            }
        }
    }

    private static double sum(float[] a) {
        double s = 0;
        for (float v : a) {
            s += v;
        }
        return s;
    }
}
