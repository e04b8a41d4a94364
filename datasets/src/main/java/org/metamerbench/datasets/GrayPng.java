package org.metamerbench.datasets;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

/** Grayscale images in [0, 1] as 8-bit PNG files (values rounded to the nearest of 256 levels). */
public final class GrayPng {
    private GrayPng() {
    }

    public static void write(Path root, Path file, float[] pixels, int height, int width) throws IOException {
        if (pixels.length != height * width) {
            throw new IllegalArgumentException(pixels.length + " pixels for a " + height + "x" + width + " image");
        }
        SamplePng.write(root, file, pixels, new int[] {1, height, width}, 0f, 1f);
    }

    /** Reads a grayscale PNG back as values in [0, 1]. */
    public static float[] read(Path file) throws IOException {
        BufferedImage img = org.metamerbench.datasets.folder.ImageFiles.read(file);
        float[] out = new float[img.getWidth() * img.getHeight()];
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                out[y * img.getWidth() + x] = (img.getRaster().getSample(x, y, 0)) / 255f;
            }
        }
        return out;
    }
}
