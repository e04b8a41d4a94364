package org.metamerbench.datasets.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CsbmTest {
    @Test
    void theSameSeedGivesTheSameGraphAndAnotherSeedAnother() {
        Csbm.Params p = Csbm.Params.coraLike(500);
        var a = GraphFiles.canonical(Csbm.generate(p, 7));
        var b = GraphFiles.canonical(Csbm.generate(p, 7));
        a.forEach((f, bytes) -> assertArrayEquals(bytes, b.get(f), f));
        var c = GraphFiles.canonical(Csbm.generate(p, 8));
        assertFalse(Arrays.equals(a.get(GraphFiles.EDGES), c.get(GraphFiles.EDGES)));
    }

    @Test
    void itHasTheAskedDegreeHomophilyClassSignalAndSplit() {
        Csbm.Params p = new Csbm.Params(3000, 5, 100, 4.0, 0.8, true, 0.05, 0.6, 20, 300, 600);
        Graph g = Csbm.generate(p, 1);
        assertEquals(3000, g.nodeCount());
        assertEquals(6000, g.edgeCount(), "mean degree 4: 6,000 undirected edges");
        int same = 0;
        for (int[] e : g.edges()) {
            same += g.label(e[0]) == g.label(e[1]) ? 1 : 0;
        }
        assertEquals(0.8, (double) same / g.edgeCount(), 0.02, "edge homophily");
        // features carry the class: each class's own block is on more often than the others'
        double own = 0;
        double other = 0;
        for (int v = 0; v < g.nodeCount(); v++) {
            float[] x = g.features(v);
            for (int f = 0; f < x.length; f++) {
                if (f / 20 == g.label(v)) {
                    own += x[f];
                } else {
                    other += x[f];
                }
            }
        }
        own /= 3000.0 * 20;
        other /= 3000.0 * 80;
        assertEquals(0.05 * (1 + 0.6 * 4), own, 0.01);
        assertEquals(0.05 * 0.4, other, 0.005);
        assertEquals(100, g.nodesOf(Graph.Split.TRAIN).length, "20 per class");
        assertEquals(300, g.nodesOf(Graph.Split.VAL).length);
        assertEquals(600, g.nodesOf(Graph.Split.TEST).length);
        assertTrue(g.binary());
    }
}
