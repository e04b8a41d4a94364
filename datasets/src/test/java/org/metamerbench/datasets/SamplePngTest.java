package org.metamerbench.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pictures of samples: RGB planes become RGB pixels, the value range maps onto 0..255. */
class SamplePngTest {
    @TempDir
    Path tmp;

    @Test
    void anRgbSampleInItsRangeBecomesAnRgbPicture() throws IOException {
        // 3 x 1 x 2 in [-1, 1]: pixel 0 is (red -1, green 0, blue 1), pixel 1 is (1, 1, -2 clipped to -1).
        float[] v = {-1f, 1f, 0f, 1f, 1f, -2f};
        Path f = tmp.resolve("rgb.png");
        SamplePng.write(tmp, f, v, new int[] {3, 1, 2}, -1f, 1f);
        BufferedImage img = ImageIO.read(f.toFile());
        assertEquals(2, img.getWidth());
        assertEquals(1, img.getHeight());
        assertEquals((0 << 16) | (128 << 8) | 255, img.getRGB(0, 0) & 0xffffff);
        assertEquals((255 << 16) | (255 << 8) | 0, img.getRGB(1, 0) & 0xffffff);
    }

    @Test
    void aGreySampleIsWhatGrayPngWrote() throws IOException {
        float[] v = {0f, 0.5f, 1f, 0.25f};
        SamplePng.write(tmp, tmp.resolve("a.png"), v, new int[] {1, 2, 2}, 0f, 1f);
        assertArrayEquals(GrayPng.read(tmp.resolve("a.png")), new float[] {0f, 128 / 255f, 1f, 64 / 255f});
        assertThrows(IllegalArgumentException.class, () -> SamplePng.write(tmp, tmp.resolve("b.png"), v,
                new int[] {2, 1, 2}, 0f, 1f));
    }
}
