package org.metamerbench.reports;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.knowm.xchart.internal.chartpart.IChart;
import org.metamerbench.results.MetamerRow;
import org.metamerbench.results.StoredGraph;
import org.metamerbench.scoring.RunResults;

/**
 * A graph generator's metamers as pictures: one row per stimulus, its reference neighbourhood first, then its metamer
 * at each stage, all drawn in the reference's layout (the centre in the middle, each node on the ring of its distance
 * from the centre in the reference, in the angular order of the node it is reached from). In a metamer, an edge it
 * shares with the reference is grey, an added one green, a removed one red and dashed. Under each graph its features
 * as a strip, a row per node and a column per block of features: black where the block holds a one both graphs have,
 * green where a one was added, red where one was removed (a block shows the strongest: removed, added, kept); real
 * features in grey levels. A metamer's frame is green where it was accepted, red with a cross where it was not.
 */
public final class NeighbourhoodPicture implements IChart {
    /** Rows per class. */
    public static final int PER_CLASS = 1;
    /** At most this many stimuli. */
    public static final int MAX_ROWS = 7;
    private static final double RING_TURN = 0.3;
    static final int CELL = 200;
    private static final int STRIP = 72;
    static final int GAP = 14;
    static final int LEFT = 170;
    static final int TOP = 64;
    private static final String LEGEND = "edges: grey kept, green added, red dashed removed; features: black "
            + "kept one, green added, red removed; frame: green accepted, red rejected";
    private static final Color KEPT = new Color(0x90, 0x90, 0x90);
    private static final Color ADDED = new Color(0x1a, 0x98, 0x50);
    private static final Color REMOVED = new Color(0xd7, 0x30, 0x27);
    private static final Color ONE = new Color(0x20, 0x20, 0x20);

    private final String title;
    private final List<String> columns;
    private final List<String> rowLabels;
    /** [row] the reference, [row][column] a metamer (null where missing), [row][column] verdict. */
    private final StoredGraph[] references;
    private final StoredGraph[][] metamers;
    private final Boolean[][] verdicts;
    private final boolean binary;

    NeighbourhoodPicture(String title, List<String> columns, List<String> rowLabels, StoredGraph[] references,
            StoredGraph[][] metamers, Boolean[][] verdicts, boolean binary) {
        this.title = title;
        this.columns = columns;
        this.rowLabels = rowLabels;
        this.references = references;
        this.metamers = metamers;
        this.verdicts = verdicts;
        this.binary = binary;
    }

    /** The picture of {@code generator}'s metamers, or null where the folder stores no graphs of it. */
    public static NeighbourhoodPicture of(RunResults r, String generator) throws IOException {
        List<String> chosen = MetamerGrid.chosen(r, PER_CLASS);
        chosen = chosen.subList(0, Math.min(MAX_ROWS, chosen.size()));
        Set<String> wanted = Set.copyOf(chosen);
        Map<StoredGraph.Key, StoredGraph> graphs = StoredGraph.read(r.dir(), k -> wanted.contains(k.stimulus())
                && (k.graph().equals(StoredGraph.REFERENCE) || k.generator().equals(generator)));
        List<String> stages = Charts.scoredStages(r, generator);
        Map<String, MetamerRow> rows = MetamerGrid.rows(r, generator);
        Map<String, Integer> labelOf = MetamerGrid.labels(r);
        List<String> labels = new ArrayList<>();
        List<StoredGraph> refs = new ArrayList<>();
        List<StoredGraph[]> mets = new ArrayList<>();
        List<Boolean[]> verdicts = new ArrayList<>();
        boolean binary = true;
        for (String id : chosen) {
            StoredGraph ref = graphs.get(StoredGraph.Key.reference(id));
            if (ref == null) {
                continue;
            }
            StoredGraph[] m = new StoredGraph[stages.size()];
            Boolean[] v = new Boolean[stages.size()];
            for (int j = 0; j < stages.size(); j++) {
                m[j] = graphs.get(StoredGraph.Key.metamer(generator, stages.get(j), id));
                MetamerRow row = rows.get(stages.get(j) + "\u0000" + id);
                v[j] = m[j] == null || row == null ? null : row.accepted();
            }
            binary &= isBinary(ref);
            Integer label = labelOf.get(id);
            String name = label != null && label >= 0 && label < r.classLabels().size() ? r.classLabels().get(label)
                    : "?";
            labels.add(id + "  " + name + "|" + ref.nodes() + " nodes, " + ref.edges().size() + " edges");
            refs.add(ref);
            mets.add(m);
            verdicts.add(v);
        }
        if (refs.isEmpty()) {
            return null;
        }
        List<String> columns = new ArrayList<>(List.of("reference"));
        columns.addAll(stages);
        return new NeighbourhoodPicture("Metamers of " + generator + " in the reference's layout", columns, labels,
                refs.toArray(StoredGraph[]::new), mets.toArray(StoredGraph[][]::new),
                verdicts.toArray(Boolean[][]::new), binary);
    }

    private static boolean isBinary(StoredGraph g) {
        for (float v : g.features()) {
            if (v != 0f && v != 1f) {
                return false;
            }
        }
        return true;
    }

    /**
     * Each node's position in a unit disc: the centre (node 0) at the origin, each node on the ring of its distance
     * from the centre in {@code g}, a ring's nodes in the angular order of the node of the ring inside that reaches
     * them (ties by index), evenly spaced. Nodes the centre does not reach go on an outer ring.
     */
    static double[][] layout(StoredGraph g) {
        int n = g.nodes();
        int[] dist = new int[n];
        int[] parent = new int[n];
        Arrays.fill(dist, -1);
        Arrays.fill(parent, -1);
        dist[0] = 0;
        ArrayDeque<Integer> queue = new ArrayDeque<>(List.of(0));
        int deepest = 0;
        while (!queue.isEmpty()) {
            int v = queue.poll();
            for (int u = 0; u < n; u++) {
                if (g.adjacency()[v * n + u] != 0f && dist[u] < 0) {
                    dist[u] = dist[v] + 1;
                    parent[u] = v;
                    deepest = Math.max(deepest, dist[u]);
                    queue.add(u);
                }
            }
        }
        int rings = deepest + (Arrays.stream(dist).anyMatch(d -> d < 0) ? 1 : 0);
        double[][] xy = new double[n][2];
        double[] angle = new double[n];
        for (int ring = 1; ring <= rings; ring++) {
            List<Integer> on = new ArrayList<>();
            for (int v = 0; v < n; v++) {
                if (ring <= deepest ? dist[v] == ring : dist[v] < 0) {
                    on.add(v);
                }
            }
            on.sort((a, b) -> {
                double pa = parent[a] <= 0 ? 0 : angle[parent[a]];
                double pb = parent[b] <= 0 ? 0 : angle[parent[b]];
                return pa != pb ? Double.compare(pa, pb) : Integer.compare(a, b);
            });
            for (int k = 0; k < on.size(); k++) {
                int v = on.get(k);
                // each ring turned a little, so a node and the one it is reached from are rarely in line with the
                // centre and edges along a ray do not hide one another
                angle[v] = 2 * Math.PI * (k + 0.5) / on.size() + RING_TURN * (ring - 1);
                double radius = (double) ring / rings;
                xy[v][0] = radius * Math.cos(angle[v]);
                xy[v][1] = radius * Math.sin(angle[v]);
            }
        }
        return xy;
    }

    @Override
    public int getWidth() {
        return LEFT + columns.size() * (CELL + GAP) + GAP;
    }

    @Override
    public int getHeight() {
        return TOP + rowLabels.size() * (CELL + STRIP + 2 * GAP) + GAP;
    }

    @Override
    public String getTitle() {
        return title + " (" + LEGEND + ")";
    }

    public int rows() {
        return rowLabels.size();
    }

    @Override
    public void paint(Graphics2D g, int width, int height) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.drawString(title, GAP, 18);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.drawString(LEGEND, GAP, 34);
        for (int j = 0; j < columns.size(); j++) {
            String name = columns.get(j);
            int w = g.getFontMetrics().stringWidth(name);
            g.drawString(name, LEFT + j * (CELL + GAP) + Math.max(0, (CELL - w) / 2), TOP - 10);
        }
        for (int i = 0; i < rowLabels.size(); i++) {
            int y = TOP + i * (CELL + STRIP + 2 * GAP);
            String[] label = rowLabels.get(i).split("\\|", 2);
            g.setColor(Color.BLACK);
            g.drawString(label[0], GAP, y + CELL / 2);
            g.setColor(Color.DARK_GRAY);
            g.drawString(label[1], GAP, y + CELL / 2 + 14);
            StoredGraph ref = references[i];
            double[][] xy = layout(ref);
            drawGraph(g, LEFT, y, ref, null, xy);
            drawStrip(g, LEFT, y + CELL + 4, ref, null);
            for (int j = 0; j < metamers[i].length; j++) {
                int x = LEFT + (j + 1) * (CELL + GAP);
                StoredGraph m = metamers[i][j];
                if (m == null) {
                    g.setColor(new Color(0xdd, 0xdd, 0xdd));
                    g.fillRect(x, y, CELL, CELL);
                    g.setColor(Color.GRAY);
                    g.drawString("none", x + CELL / 2 - 12, y + CELL / 2);
                    continue;
                }
                drawGraph(g, x, y, m, ref, xy);
                drawStrip(g, x, y + CELL + 4, m, ref);
                Boolean v = verdicts[i][j];
                if (v != null) {
                    g.setStroke(new BasicStroke(3f));
                    g.setColor(v ? ADDED : REMOVED);
                    g.drawRect(x - 2, y - 2, CELL + 3, CELL + STRIP + 7);
                    if (!v) {
                        g.drawLine(x + CELL - 14, y + 4, x + CELL - 4, y + 14);
                        g.drawLine(x + CELL - 4, y + 4, x + CELL - 14, y + 14);
                    }
                    g.setStroke(new BasicStroke(1f));
                }
            }
        }
    }

    /** Draws {@code graph} at its layout {@code xy}; with a reference, its edges marked kept, added or removed. */
    private static void drawGraph(Graphics2D g, int x0, int y0, StoredGraph graph, StoredGraph ref, double[][] xy) {
        int n = graph.nodes();
        double half = CELL / 2.0 - 10;
        int[] px = new int[n];
        int[] py = new int[n];
        for (int v = 0; v < n; v++) {
            px[v] = (int) Math.round(x0 + CELL / 2.0 + half * xy[v][0]);
            py[v] = (int) Math.round(y0 + CELL / 2.0 + half * xy[v][1]);
        }
        BasicStroke solid = new BasicStroke(1f);
        BasicStroke dashed = new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 4f,
                new float[] {3f, 3f}, 0f);
        for (int a = 0; a < n; a++) {
            for (int b = a + 1; b < n; b++) {
                boolean here = graph.adjacency()[a * n + b] != 0f;
                boolean there = ref != null && ref.adjacency()[a * n + b] != 0f;
                if (!here && !there) {
                    continue;
                }
                g.setColor(ref == null || (here && there) ? KEPT : here ? ADDED : REMOVED);
                g.setStroke(here ? solid : dashed);
                g.drawLine(px[a], py[a], px[b], py[b]);
            }
        }
        g.setStroke(solid);
        int r = n > 60 ? 2 : 3;
        for (int v = 0; v < n; v++) {
            int rv = v == 0 ? r + 3 : r;
            g.setColor(v == 0 ? Color.BLACK : new Color(0x3b, 0x6e, 0xa8));
            g.fillOval(px[v] - rv, py[v] - rv, 2 * rv, 2 * rv);
        }
    }

    /** Draws the features of {@code graph}, rows nodes and columns blocks of features, against {@code ref}. */
    private void drawStrip(Graphics2D g, int x0, int y0, StoredGraph graph, StoredGraph ref) {
        int n = graph.nodes();
        int f = graph.featureCount();
        int rowsShown = Math.min(n, STRIP);
        int cols = Math.min(f, CELL);
        g.setColor(new Color(0xf4, 0xf4, 0xf4));
        g.fillRect(x0, y0, CELL, STRIP);
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        for (float v : (ref == null ? graph : ref).features()) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        int cellH = Math.max(1, STRIP / rowsShown);
        int cellW = Math.max(1, CELL / cols);
        for (int rr = 0; rr < rowsShown; rr++) {
            int node = (int) ((long) rr * n / rowsShown);
            for (int c = 0; c < cols; c++) {
                int from = (int) ((long) c * f / cols);
                int to = (int) ((long) (c + 1) * f / cols);
                Color colour = binary ? binaryBlock(graph, ref, node, from, to) : realBlock(graph, node, from, to,
                        lo, hi);
                if (colour != null) {
                    g.setColor(colour);
                    g.fillRect(x0 + c * CELL / cols, y0 + rr * STRIP / rowsShown, cellW, cellH);
                }
            }
        }
    }

    private static Color binaryBlock(StoredGraph graph, StoredGraph ref, int node, int from, int to) {
        boolean kept = false;
        boolean added = false;
        boolean removed = false;
        int f = graph.featureCount();
        for (int k = from; k < to; k++) {
            boolean here = graph.features()[node * f + k] != 0f;
            boolean there = ref == null ? here : ref.features()[node * f + k] != 0f;
            kept |= here && there;
            added |= here && !there;
            removed |= there && !here;
        }
        return removed ? REMOVED : added ? ADDED : kept ? ONE : null;
    }

    private static Color realBlock(StoredGraph graph, int node, int from, int to, float lo, float hi) {
        double sum = 0;
        int f = graph.featureCount();
        for (int k = from; k < to; k++) {
            sum += graph.features()[node * f + k];
        }
        double t = hi > lo ? (sum / (to - from) - lo) / (hi - lo) : 0.5;
        int grey = (int) Math.round(255 * (1 - Math.max(0, Math.min(1, t))));
        return new Color(grey, grey, grey);
    }
}
