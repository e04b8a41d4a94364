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

    /**
     * The most pixels an image file may declare: 50 megapixels (a 50-megapixel image decodes to 200 MB). Larger
     * ones are refused from their header, before anything is decoded.
     */
    public static final long MAX_PIXELS = 50_000_000L;

    /**
     * Reads a PNG or JPEG file, refusing it before decoding when its header declares more than {@link #MAX_PIXELS}
     * pixels; a file that is not such an image, or is truncated or corrupt, is refused with its name and a short
     * reason (never the image library's message alone).
     */
    public static BufferedImage read(Path file) throws IOException {
        try (javax.imageio.stream.ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            java.util.Iterator<javax.imageio.ImageReader> readers = in == null ? java.util.Collections.emptyIterator()
                    : ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new DatasetIntegrityException(file + ": not an image that Java reads (PNG or JPEG)");
            }
            javax.imageio.ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long w = reader.getWidth(0);
                long h = reader.getHeight(0);
                if (w * h > MAX_PIXELS) {
                    throw new DatasetIntegrityException(String.format(Locale.ROOT, "%s: %d x %d pixels, more than the "
                            + "%,d an image may have; refused before decoding", file, w, h, MAX_PIXELS));
                }
                return reader.read(0);
            } catch (DatasetIntegrityException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                throw new DatasetIntegrityException(file + ": a " + reader.getFormatName().toUpperCase(Locale.ROOT)
                        + " file that cannot be decoded (truncated or corrupt)");
            } finally {
                reader.dispose();
            }
        } catch (javax.imageio.IIOException e) {
            throw new DatasetIntegrityException(file + ": cannot be read as an image (" + e.getMessage() + ")");
        }
    }

    public static byte[] decode(Path file, int channels, int width, int height) throws IOException {
        BufferedImage src = read(file);
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
