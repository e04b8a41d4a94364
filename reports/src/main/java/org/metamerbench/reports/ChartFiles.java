package org.metamerbench.reports;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.internal.chartpart.IChart;
import org.metamerbench.results.AtomicFiles;

/** Writes a chart as {@code <name>.png} and {@code <name>.svg} inside {@code dir}, each atomically. */
public final class ChartFiles {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    /** A written chart. */
    public record Written(String name, String title, Path png, Path svg, byte[] pngBytes, int width, int height) {
    }

    private ChartFiles() {
    }

    public static Written write(IChart chart, Path dir, String name) throws IOException {
        byte[] png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        ByteArrayOutputStream svg = new ByteArrayOutputStream();
        VectorGraphicsEncoder.saveVectorGraphic(chart, svg, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        Path pngFile = dir.resolve(name + ".png");
        Path svgFile = dir.resolve(name + ".svg");
        AtomicFiles.write(dir, pngFile, png);
        AtomicFiles.write(dir, svgFile, svg.toByteArray());
        return new Written(name, chart.getTitle(), pngFile, svgFile, png, chart.getWidth(), chart.getHeight());
    }
}
