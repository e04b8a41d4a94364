package org.metamerbench.datasets.folder;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.metamerbench.datasets.DatasetIntegrityException;

/** Decodes a PNG or JPEG file into a {@code [channels, height, width]} sample of unsigned bytes. */
public final class ImageFiles {
    private ImageFiles() {
    }

    /** The rule {@link #decode} follows, as recorded in a set's manifest. */
    public static String rule(int channels, int width, int height) {
        return String.format(Locale.ROOT, "scaled (bilinear, java.awt) so that it covers %d x %d, then the centre "
                + "%d x %d cropped; transparency over black; %s", width, height, width, height,
                channels == 3 ? "RGB, 8 bits per channel" : "grey = round(0.299 R + 0.587 G + 0.114 B)");
    }

    public static byte[] decode(Path file, int channels, int width, int height) throws IOException {
        BufferedImage src = ImageIO.read(file.toFile());
        if (src == null) {
            throw new DatasetIntegrityException(file + ": not an image that Java reads (PNG or JPEG)");
        }
        double scale = Math.max((double) width / src.getWidth(), (double) height / src.getHeight());
        double w = src.getWidth() * scale;
        double h = src.getHeight() * scale;
        BufferedImage canvas = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(src, (int) Math.round((width - w) / 2), (int) Math.round((height - h) / 2),
                    (int) Math.round(w), (int) Math.round(h), null);
        } finally {
            g.dispose();
        }
        int plane = width * height;
        byte[] out = new byte[channels * plane];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int rgb = canvas.getRGB(x, y);
                int r = (rgb >> 16) & 0xff;
                int gr = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                int p = y * width + x;
                if (channels == 3) {
                    out[p] = (byte) r;
                    out[plane + p] = (byte) gr;
                    out[2 * plane + p] = (byte) b;
                } else {
                    out[p] = (byte) Math.round(0.299 * r + 0.587 * gr + 0.114 * b);
                }
            }
        }
        return out;
    }
}
