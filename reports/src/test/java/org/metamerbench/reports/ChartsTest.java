package org.metamerbench.reports;

import org.metamerbench.scoring.Bootstrap;
import org.metamerbench.scoring.ModelScore;
import org.metamerbench.scoring.RunResults;
import org.metamerbench.scoring.Scoring;
import org.metamerbench.scoring.StageScore;
import org.metamerbench.scoring.SyntheticRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metamerbench.datasets.GrayPng;
import org.metamerbench.results.ResultFiles;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** Charts are read back from the written PNG and SVG files: size, and a plot area with something drawn. */
class ChartsTest {
    @TempDir
    static Path root;
    static RunResults run;
    static List<StageScore> scores;

    @BeforeAll
    static void makeRun() throws IOException {
        Path dir = new SyntheticRun()
                .generator("g1", List.of("conv1_relu", "pool2", "fc1_relu", "final"), new double[] {1, 0.8, 0.9, 0.7},
                        new double[] {0.9, 0.85, 0.3, 0.2})
                .generator("g2", List.of("fc1_relu", "final"), new double[] {1, 1}, new double[] {0.8, 0.7})
                .observer("o3").stimuli(20).write(root, "synthetic");
        run = RunResults.load(dir);
        scores = Scoring.score(run.stageData(), new Bootstrap(200, 1));
    }

    /** Share of pixels in the central part of the image that are not (near) white. */
    static double inkInCentre(BufferedImage img) {
        int x0 = img.getWidth() / 5;
        int x1 = img.getWidth() * 3 / 5;
        int y0 = img.getHeight() / 5;
        int y1 = img.getHeight() * 4 / 5;
        long ink = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                int rgb = img.getRGB(x, y);
                int r = (rgb >> 16) & 255;
                int g = (rgb >> 8) & 255;
                int b = rgb & 255;
                if (r + g + b < 3 * 225) {
                    ink++;
                }
            }
        }
        return ink / (double) ((x1 - x0) * (y1 - y0));
    }

    static int pixelsNear(BufferedImage img, int rgb, int tolerance) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int p = img.getRGB(x, y);
                if (Math.abs(((p >> 16) & 255) - ((rgb >> 16) & 255)) <= tolerance
                        && Math.abs(((p >> 8) & 255) - ((rgb >> 8) & 255)) <= tolerance
                        && Math.abs((p & 255) - (rgb & 255)) <= tolerance) {
                    n++;
                }
            }
        }
        return n;
    }

    static BufferedImage checkPng(ChartFiles.Written w) throws IOException {
        BufferedImage img = ImageIO.read(w.png().toFile());
        assertNotNull(img, w.png() + " is a readable PNG");
        assertEquals(w.width(), img.getWidth(), w.png().toString());
        assertEquals(w.height(), img.getHeight(), w.png().toString());
        assertTrue(inkInCentre(img) > 0.01, w.png() + ": the plot area has something drawn in it, ink share "
                + inkInCentre(img));
        return img;
    }

    static Document checkSvg(ChartFiles.Written w) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        f.setValidating(false);
        Document doc = f.newDocumentBuilder().parse(w.svg().toFile());
        Element svg = doc.getDocumentElement();
        assertEquals("svg", svg.getTagName(), w.svg().toString());
        assertEquals(w.width(), Double.parseDouble(svg.getAttribute("width").replaceAll("[a-z]", "")), 1.0);
        assertEquals(w.height(), Double.parseDouble(svg.getAttribute("height").replaceAll("[a-z]", "")), 1.0);
        int shapes = 0;
        for (String tag : List.of("path", "line", "polyline", "rect", "polygon", "image", "text")) {
            shapes += doc.getElementsByTagName(tag).getLength();
        }
        assertTrue(shapes > 20, w.svg() + " has " + shapes + " drawing elements");
        return doc;
    }

    @Test
    void recognitionByStageDrawsTheBoldMeanOfOtherModels() throws Exception {
        ChartFiles.Written w = ChartFiles.write(Charts.recognitionByStage(run, "g1", scores, Map.of()),
                root.resolve("charts"), "g1-recognition");
        BufferedImage img = checkPng(w);
        assertTrue(pixelsNear(img, 0xc0392b, 12) > 500, "the bold red mean line and its markers are drawn");
        checkSvg(w);
    }

    @Test
    void crossMatrixHasOneCellPerLateStageAndObserver() throws Exception {
        ChartFiles.Written w = ChartFiles.write(Charts.crossMatrix(run), root.resolve("charts"), "matrix");
        BufferedImage img = checkPng(w);
        // g1 self-recognition is 100% at its late stages: the darkest colour of the scale appears.
        assertTrue(pixelsNear(img, 0x08306b, 20) > 200, "cells at the top of the scale are drawn");
        checkSvg(w);
    }

    @Test
    void passRateLossAndSummaryCharts() throws Exception {
        checkSvg(ChartFiles.write(Charts.passRate(run, "g1"), root.resolve("charts"), "pass"));
        checkPng(ChartFiles.write(Charts.passRate(run, "g1"), root.resolve("charts"), "pass"));
        checkPng(ChartFiles.write(Charts.lossCurves(run, "g1"), root.resolve("charts"), "loss"));
        List<ModelScore> models = run.modelScores(new Bootstrap(100, 1));
        ChartFiles.Written s = ChartFiles.write(Charts.summary(models), root.resolve("charts"), "summary");
        checkPng(s);
        checkSvg(s);
    }

    @Test
    void metamerGridShowsTheReferenceAndMarksRejectedMetamers() throws Exception {
        MetamerGrid grid = MetamerGrid.of(run, "g1", 1);
        assertEquals(10, grid.rows(), "one row per class");
        ChartFiles.Written w = ChartFiles.write(grid, root.resolve("charts"), "grid");
        BufferedImage img = checkPng(w);
        // Top-left reference cell: the first stimulus's bright square sits at x 4..13, y 8..19 (28 x 28 source,
        // drawn 64 x 64 from (150, 64)); its grey value must match the stored reference PNG.
        float[] ref = GrayPng.read(ResultFiles.referenceImage(run.dir(), "test-00000"));
        int sx = 6;
        int sy = 12;
        int px = img.getRGB(150 + (int) ((sx + 0.5) * 64 / 28.0), 64 + (int) ((sy + 0.5) * 64 / 28.0)) & 255;
        assertEquals(Math.round(ref[sy * 28 + sx] * 255), px, 2, "the reference is drawn from its PNG");
        boolean anyRejected = run.metamers().stream().anyMatch(m -> m.generator().equals("g1") && !m.accepted());
        assertTrue(anyRejected);
        assertTrue(pixelsNear(img, 0xd73027, 10) > 50, "rejected metamers get a red frame");
        assertTrue(pixelsNear(img, 0x1a9850, 10) > 50, "accepted metamers get a green frame");
        checkSvg(w);
    }
}
