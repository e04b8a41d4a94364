package org.metamerbench.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** RMS contrast and SSIM of a change, checked on changes whose values are known in closed form. */
class ImageChangeTest {
    static float[] ramp(int h, int w) {
        float[] x = new float[h * w];
        for (int i = 0; i < x.length; i++) {
            x[i] = 0.2f + 0.5f * (i % w) / w + 0.1f * (i / w) / h;
        }
        return x;
    }

    @Test
    void anUnchangedImageHasNoContrastAndSsimOne() {
        float[] x = ramp(28, 28);
        assertEquals(0, ImageChange.rmsContrast(x, x.clone(), 1), 1e-12);
        assertEquals(1, ImageChange.ssim(x, x.clone(), 1, 28, 28), 1e-12);
    }

    @Test
    void aChequerOfPlusMinusEHasRmsContrastE() {
        float[] x = ramp(10, 10);
        float[] y = x.clone();
        for (int i = 0; i < y.length; i++) {
            y[i] += ((i / 10 + i % 10) % 2 == 0 ? 0.05f : -0.05f);
        }
        assertEquals(0.05, ImageChange.rmsContrast(x, y, 1), 1e-6);
    }

    @Test
    void aUniformShiftChangesOnlyTheLuminanceTerm() {
        // with y = x + d: equal variances, covariance = variance, so SSIM = (2 mx my + C1) / (mx^2 + my^2 + C1)
        int h = 7;
        int w = 7;
        float[] x = ramp(h, w);
        float[] y = x.clone();
        double d = 0.1;
        for (int i = 0; i < y.length; i++) {
            y[i] += (float) d;
        }
        double mx = 0;
        for (float v : x) {
            mx += v / x.length;
        }
        double my = mx + d;
        double c1 = 1e-4;
        double expected = (2 * mx * my + c1) / (mx * mx + my * my + c1);
        assertEquals(expected, ImageChange.ssim(x, y, 1, h, w), 1e-5);
        assertTrue(expected < 1);
    }
}
