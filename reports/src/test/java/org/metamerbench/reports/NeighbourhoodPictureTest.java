package org.metamerbench.reports;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.metamerbench.results.StoredGraph;

/** The layout the reference and its metamers share: the centre in the middle, a ring per distance from it. */
class NeighbourhoodPictureTest {
    /** A graph with the given undirected edges and one feature. */
    private static StoredGraph graph(int n, int[][] edges) {
        float[] a = new float[n * n];
        for (int[] e : edges) {
            a[e[0] * n + e[1]] = 1f;
            a[e[1] * n + e[0]] = 1f;
        }
        return new StoredGraph(n, 1, new float[n], a);
    }

    @Test
    void eachNodeLiesOnTheRingOfItsDistanceFromTheCentre() {
        // 0 - 1, 0 - 2, 1 - 3, 2 - 4, 4 - 5; node 6 unreachable
        StoredGraph g = graph(7, new int[][] {{0, 1}, {0, 2}, {1, 3}, {2, 4}, {4, 5}});
        double[][] xy = NeighbourhoodPicture.layout(g);
        int[] ring = {0, 1, 1, 2, 2, 3, 4}; // three rings of distance, the unreachable node outside them
        for (int v = 0; v < 7; v++) {
            assertEquals(ring[v] / 4.0, Math.hypot(xy[v][0], xy[v][1]), 1e-12, "node " + v);
        }
        // a ring's nodes follow the angular order of the nodes they are reached from
        double a1 = Math.atan2(xy[1][1], xy[1][0]);
        double a2 = Math.atan2(xy[2][1], xy[2][0]);
        double a3 = Math.atan2(xy[3][1], xy[3][0]);
        double a4 = Math.atan2(xy[4][1], xy[4][0]);
        assertTrue(Math.signum(a2 - a1) == Math.signum(a4 - a3), "children keep their parents' order");
        assertArrayEquals(xy[5], NeighbourhoodPicture.layout(g)[5], "the layout is the same every time");
    }

    @Test
    void aMetamersAddedAndRemovedEdgesAreMarkedAndTheReferenceHasNone() {
        StoredGraph ref = graph(4, new int[][] {{0, 1}, {1, 2}, {2, 3}});
        StoredGraph met = graph(4, new int[][] {{0, 1}, {1, 2}, {0, 3}}); // 2 - 3 removed, 0 - 3 added
        NeighbourhoodPicture p = new NeighbourhoodPicture("t", java.util.List.of("reference", "final"),
                java.util.List.of("s|4 nodes"), new StoredGraph[] {ref}, new StoredGraph[][] {{met}},
                new Boolean[][] {{null}}, true);
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(p.getWidth(), p.getHeight(),
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = img.createGraphics();
        p.paint(g, p.getWidth(), p.getHeight());
        g.dispose();
        int[] inReference = colours(img, NeighbourhoodPicture.LEFT);
        int[] inMetamer = colours(img, NeighbourhoodPicture.LEFT + NeighbourhoodPicture.CELL + NeighbourhoodPicture.GAP);
        assertEquals(0, inReference[0] + inReference[1], "the reference has only kept edges");
        assertTrue(inMetamer[0] > 20, "the added edge is green: " + inMetamer[0] + " pixels");
        assertTrue(inMetamer[1] > 10, "the removed edge is red: " + inMetamer[1] + " pixels");
    }

    /** Green-ish and red-ish pixels in the graph panel whose left edge is {@code x0}. */
    private static int[] colours(java.awt.image.BufferedImage img, int x0) {
        int green = 0;
        int red = 0;
        for (int x = x0 + 3; x < x0 + NeighbourhoodPicture.CELL - 3; x++) {
            for (int y = NeighbourhoodPicture.TOP + 3; y < NeighbourhoodPicture.TOP + NeighbourhoodPicture.CELL - 3;
                    y++) {
                java.awt.Color c = new java.awt.Color(img.getRGB(x, y));
                green += c.getGreen() > c.getRed() + 40 && c.getGreen() > c.getBlue() + 20 ? 1 : 0;
                red += c.getRed() > c.getGreen() + 60 && c.getRed() > c.getBlue() + 60 ? 1 : 0;
            }
        }
        return new int[] {green, red};
    }
}
