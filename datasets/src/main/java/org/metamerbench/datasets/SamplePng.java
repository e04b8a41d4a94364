package org.metamerbench.datasets;

import org.metamerbench.results.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;

/**
 * An image sample ({@code [1, h, w]} grey or {@code [3, h, w]} RGB, values in a range) as an 8-bit PNG file:
 * the range mapped linearly onto 0..255, values outside it clipped, rounded to the nearest level.
 */
public final class SamplePng {
    private SamplePng() {
    }

    public static void write(Path root, Path file, float[] values, int[] shape, float lo, float hi)
            throws IOException {
        AtomicFiles.write(root, file, encode(values, shape, lo, hi));
    }

    /** The PNG file's bytes. */
    public static byte[] encode(float[] values, int[] shape, float lo, float hi) throws IOException {
        if (shape.length != 3 || (shape[0] != 1 && shape[0] != 3)) {
            throw new IllegalArgumentException("a PNG needs [1 or 3, height, width], got " + Arrays.toString(shape));
        }
        int c = shape[0];
        int h = shape[1];
        int w = shape[2];
        if (values.length != c * h * w) {
            throw new IllegalArgumentException(values.length + " values for a " + Arrays.toString(shape) + " image");
        }
        int plane = h * w;
        BufferedImage img = new BufferedImage(w, h, c == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        for (int p = 0; p < plane; p++) {
            if (c == 1) {
                ((java.awt.image.DataBufferByte) img.getRaster().getDataBuffer()).getData()[p] =
                        (byte) level(values[p], lo, hi);
            } else {
                img.setRGB(p % w, p / w, (level(values[p], lo, hi) << 16) | (level(values[plane + p], lo, hi) << 8)
                        | level(values[2 * plane + p], lo, hi));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(img, "png", out)) {
            throw new IOException("no PNG writer available");
        }
        return out.toByteArray();
    }

    /** The values as the PNG file {@link #write} makes of them holds them: each rounded to one of 256 levels. */
    public static float[] quantise(float[] values, float lo, float hi) {
        float[] out = new float[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = lo + level(values[i], lo, hi) / 255f * (hi - lo);
        }
        return out;
    }

    private static int level(float v, float lo, float hi) {
        float u = Math.max(0f, Math.min(1f, (v - lo) / (hi - lo)));
        return Math.round(u * 255f);
    }
}
