package org.metamerbench.reports;

import org.metamerbench.scoring.RunResults;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.internal.chartpart.IChart;
import org.metamerbench.results.MetamerRow;
import org.metamerbench.results.ResultFiles;

/**
 * A generator's metamers as a grid: one row per stimulus, the natural reference first, then the
 * metamer of each stage. Accepted metamers are framed green, rejected ones red with a cross, and a
 * missing one (failed job) is left grey. Painted through the same interface as the XChart charts,
 * so it is written as PNG and SVG in the same way.
 */
public final class MetamerGrid implements IChart {
    private static final int CELL = 64;
    private static final int GAP = 8;
    private static final int LEFT = 150;
    private static final int TOP = 64;

    private final String title;
    private final List<String> columns;
    private final List<String> rowLabels;
    /** [row][column] image, null where missing. */
    private final BufferedImage[][] images;
    /** [row][column] TRUE accepted, FALSE rejected, null for the reference or a missing metamer. */
    private final Boolean[][] verdicts;

    private MetamerGrid(String title, List<String> columns, List<String> rowLabels, BufferedImage[][] images,
            Boolean[][] verdicts) {
        this.title = title;
        this.columns = columns;
        this.rowLabels = rowLabels;
        this.images = images;
        this.verdicts = verdicts;
    }

    /**
     * The grid for {@code generator}, reading the PNGs of the result folder.
     *
     * @param perClass rows per class (stimuli are taken in run order); 0 for every stimulus
     */
    public static MetamerGrid of(RunResults r, String generator, int perClass) throws IOException {
        List<String> stages = Charts.scoredStages(r, generator);
        Map<String, MetamerRow> rows = rows(r, generator);
        Map<String, Integer> labelOf = labels(r);
        List<String> chosen = chosen(r, perClass);
        List<String> columns = new ArrayList<>();
        columns.add("reference");
        columns.addAll(stages);
        BufferedImage[][] images = new BufferedImage[chosen.size()][columns.size()];
        Boolean[][] verdicts = new Boolean[chosen.size()][columns.size()];
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < chosen.size(); i++) {
            String id = chosen.get(i);
            Integer label = labelOf.get(id);
            String name = label != null && label >= 0 && label < r.classLabels().size() ? r.classLabels().get(label) : "?";
            labels.add(id + "  " + name);
            images[i][0] = read(ResultFiles.referenceImage(r.dir(), id));
            for (int j = 0; j < stages.size(); j++) {
                MetamerRow m = rows.get(stages.get(j) + "\u0000" + id);
                if (m != null) {
                    images[i][j + 1] = read(ResultFiles.metamerImage(r.dir(), generator, stages.get(j), id));
                    verdicts[i][j + 1] = m.accepted();
                }
            }
        }
        return new MetamerGrid("Metamers of " + generator + " (green: accepted, red: rejected)", columns, labels,
                images, verdicts);
    }

    /** The generator's metamer rows by stage and stimulus: key {@code stage + '\0' + stimulus}. */
    static Map<String, MetamerRow> rows(RunResults r, String generator) {
        Map<String, MetamerRow> rows = new HashMap<>();
        for (MetamerRow m : r.metamers()) {
            if (m.generator().equals(generator)) {
                rows.put(m.stage() + "\u0000" + m.stimulusId(), m);
            }
        }
        return rows;
    }

    /** Each stimulus's class. */
    static Map<String, Integer> labels(RunResults r) {
        Map<String, Integer> labelOf = new LinkedHashMap<>();
        for (MetamerRow m : r.metamers()) {
            labelOf.putIfAbsent(m.stimulusId(), m.label());
        }
        return labelOf;
    }

    /** The first {@code perClass} stimuli of each class in run order (0: every stimulus). */
    static List<String> chosen(RunResults r, int perClass) {
        Map<String, Integer> labelOf = labels(r);
        List<String> chosen = new ArrayList<>();
        Map<Integer, Integer> taken = new HashMap<>();
        for (String id : r.stimuli()) {
            Integer label = labelOf.get(id);
            int k = label == null ? -1 : label;
            if (perClass <= 0 || taken.merge(k, 1, Integer::sum) <= perClass) {
                chosen.add(id);
            }
        }
        return chosen;
    }

    private static BufferedImage read(Path png) throws IOException {
        if (!Files.isRegularFile(png)) {
            return null;
        }
        return org.metamerbench.datasets.folder.ImageFiles.read(png);
    }

    public int rows() {
        return rowLabels.size();
    }

    @Override
    public int getWidth() {
        return LEFT + columns.size() * (CELL + GAP) + GAP;
    }

    @Override
    public int getHeight() {
        return TOP + rowLabels.size() * (CELL + GAP) + GAP;
    }

    @Override
    public String getTitle() {
        return title;
    }

    @Override
    public void paint(Graphics2D g, int width, int height) {
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(title, GAP, 20);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        for (int j = 0; j < columns.size(); j++) {
            int x = LEFT + j * (CELL + GAP);
            String name = columns.get(j);
            int w = g.getFontMetrics().stringWidth(name);
            g.drawString(name, x + Math.max(0, (CELL - w) / 2), TOP - 10);
        }
        for (int i = 0; i < rowLabels.size(); i++) {
            int y = TOP + i * (CELL + GAP);
            g.setColor(Color.BLACK);
            g.drawString(rowLabels.get(i), GAP, y + CELL / 2 + 4);
            for (int j = 0; j < columns.size(); j++) {
                int x = LEFT + j * (CELL + GAP);
                BufferedImage img = images[i][j];
                if (img == null) {
                    g.setColor(new Color(0xdd, 0xdd, 0xdd));
                    g.fillRect(x, y, CELL, CELL);
                    g.setColor(Color.GRAY);
                    g.drawString("none", x + 18, y + CELL / 2 + 4);
                    continue;
                }
                g.drawImage(img, x, y, CELL, CELL, null);
                Boolean v = verdicts[i][j];
                if (v != null) {
                    g.setStroke(new BasicStroke(3f));
                    g.setColor(v ? new Color(0x1a, 0x98, 0x50) : new Color(0xd7, 0x30, 0x27));
                    g.drawRect(x - 1, y - 1, CELL + 1, CELL + 1);
                    if (!v) {
                        g.drawLine(x + CELL - 14, y + 4, x + CELL - 4, y + 14);
                        g.drawLine(x + CELL - 4, y + 4, x + CELL - 14, y + 14);
                    }
                    g.setStroke(new BasicStroke(1f));
                }
            }
        }
    }
}
