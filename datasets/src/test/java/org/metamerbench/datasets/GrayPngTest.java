package org.metamerbench.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The picture files of image sets: 8-bit grey PNGs, and the Fashion-MNIST files a missing package is named for. */
class GrayPngTest {
    @TempDir
    Path tmp;

    @Test
    void grayPngRoundTripsTo8Bits() throws IOException {
        float[] px = new float[28 * 28];
        for (int i = 0; i < px.length; i++) {
            px[i] = (i % 256) / 255f;
        }
        Path p = tmp.resolve("a.png");
        GrayPng.write(p.getParent(), p, px, 28, 28);
        float[] back = GrayPng.read(p);
        for (int i = 0; i < px.length; i++) {
            assertEquals(px[i], back[i], 1e-6);
        }
    }

    @Test
    void missingFashionMnistNamesTheDebianPackage() {
        IOException e = assertThrows(IOException.class, () -> FashionMnist.train(tmp));
        assertTrue(e.getMessage().contains("dataset-fashion-mnist"), e.getMessage());
    }
}
