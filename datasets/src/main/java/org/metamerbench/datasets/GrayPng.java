package org.metamerbench.datasets;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Grayscale images in [0, 1] as 8-bit PNG files (values rounded to the nearest of 256 levels). */
public final class GrayPng {
    private GrayPng() {
    }

    public static void write(Path root, Path file, float[] pixels, int height, int width) throws IOException {
        if (pixels.length != height * width) {
            throw new IllegalArgumentException(pixels.length + " pixels for a " + height + "x" + width + " image");
        }
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        byte[] raster = ((java.awt.image.DataBufferByte) img.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < pixels.length; i++) {
            float v = Math.max(0f, Math.min(1f, pixels[i]));
            raster[i] = (byte) Math.round(v * 255f);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(img, "png", out)) {
            throw new IOException("no PNG writer available");
        }
        AtomicFiles.write(root, file, out.toByteArray());
    }

    /** Reads a grayscale PNG back as values in [0, 1]. */
    public static float[] read(Path file) throws IOException {
        BufferedImage img = ImageIO.read(file.toFile());
        if (img == null) {
            throw new IOException(file + ": not a readable image");
        }
        float[] out = new float[img.getWidth() * img.getHeight()];
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                out[y * img.getWidth() + x] = (img.getRaster().getSample(x, y, 0)) / 255f;
            }
        }
        return out;
    }
}
