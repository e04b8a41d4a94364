package org.metamerbench.runner.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metamerbench.auditory.ErbFilterBank;

/** Cochleagram pictures at the sample rates labs use, whole frames or not. */
class SoundPicturesTest {
    @TempDir
    Path tmp;

    @Test
    void theFrameRateIsTheWholeDivisorOfTheSampleRateNearest100() {
        assertEquals(100, SoundPictures.frameRate(16_000));
        assertEquals(100, SoundPictures.frameRate(44_100));
        assertEquals(98, SoundPictures.frameRate(22_050), "22,050 = 98 x 225");
        assertEquals(105, SoundPictures.frameRate(11_025));
        assertEquals(0, SoundPictures.frameRate(999), "below 1 kHz: no picture");
        assertEquals(0, SoundPictures.frameRate(10_007), "a prime rate has no divisor from 50 to 200");
    }

    /**
     * A 1 kHz tone of 0.7 s at 22,050 Hz (not a whole number of 10 ms frames, nor of the 98 Hz frames):
     * padded with silence to 69 frames, brightest in the channel whose centre is nearest 1 kHz.
     */
    @Test
    void aToneAt22050HzIsDrawnWithItsChannelBrightest() throws IOException {
        int rate = 22_050;
        int n = (int) (0.7 * rate);
        float[] wave = new float[n];
        for (int i = 0; i < n; i++) {
            wave[i] = 0.1f * (float) Math.sin(2 * Math.PI * 1000 * i / rate);
        }
        Path png = tmp.resolve("tone.png");
        assertTrue(SoundPictures.write(tmp, png, wave, rate));
        BufferedImage img = ImageIO.read(png.toFile());
        int hop = rate / 98;
        assertEquals((n + hop - 1) / hop, img.getWidth());
        assertEquals(63, img.getHeight());

        int brightestRow = 0;
        long best = -1;
        for (int y = 0; y < img.getHeight(); y++) {
            long sum = 0;
            for (int x = 5; x < img.getWidth() - 5; x++) {
                sum += img.getRaster().getSample(x, y, 0);
            }
            if (sum > best) {
                best = sum;
                brightestRow = y;
            }
        }
        double[] centres = new ErbFilterBank(rate, 69 * hop, 29, 50, 8_000, 2).centresHz();
        int nearest = 0;
        for (int ch = 1; ch < centres.length; ch++) {
            if (Math.abs(centres[ch] - 1000) < Math.abs(centres[nearest] - 1000)) {
                nearest = ch;
            }
        }
        assertEquals(img.getHeight() - 1 - nearest, brightestRow, "low frequencies at the bottom");
    }

    @Test
    void aRateWithoutAFrameRateWritesNothing() throws IOException {
        Path png = tmp.resolve("none.png");
        assertFalse(SoundPictures.write(tmp, png, new float[10_007], 10_007));
        assertFalse(Files.exists(png));
    }
}
