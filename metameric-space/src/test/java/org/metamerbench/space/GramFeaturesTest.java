package org.metamerbench.space;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.metamerbench.api.Tensor;

/** Gram features as MAME takes them, and their gradient against central finite differences. */
class GramFeaturesTest {
    @Test
    void aGramMatrixIsFFTransposedFlattenedWhole() {
        // one sample, 2 channels, 3 positions
        Tensor a = Tensor.of(new int[] {1, 2, 3}, new float[] {1, 2, 3, 4, 5, 6});
        double[] g = GramFeatures.of(a)[0];
        assertEquals(14, g[0]); // 1 + 4 + 9
        assertEquals(32, g[1]); // 4 + 10 + 18
        assertEquals(32, g[2]);
        assertEquals(77, g[3]);
        double[] v = GramFeatures.of(Tensor.of(new int[] {1, 2}, new float[] {2, 3}))[0];
        assertEquals(6, v[1], "a vector's Gram matrix is v v'");
    }

    @Test
    void theGradientOfALinearFunctionOfTheGramMatrixMatchesFiniteDifferences() {
        SplittableRandom r = new SplittableRandom(3);
        int c = 4;
        int positions = 5;
        float[] f = new float[c * positions];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) (r.nextDouble() * 2 - 1);
        }
        double[][] coef = new double[2][c * c];
        for (double[] row : coef) {
            for (int i = 0; i < row.length; i++) {
                row[i] = r.nextDouble() * 2 - 1;
            }
        }
        double[] w = {0.7, -1.3};
        float[] grad = GramFeatures.gradient(f, c, coef, w);
        double h = 1e-3;
        double worst = 0;
        for (int i = 0; i < f.length; i++) {
            float keep = f[i];
            f[i] = (float) (keep + h);
            double up = value(f, c, positions, coef, w);
            f[i] = (float) (keep - h);
            double down = value(f, c, positions, coef, w);
            f[i] = keep;
            worst = Math.max(worst, Math.abs((up - down) / (2 * h) - grad[i]));
        }
        assertEquals(0, worst, 1e-3, "largest difference from central differences");
    }

    private static double value(float[] f, int c, int positions, double[][] coef, double[] w) {
        double[] g = GramFeatures.of(Tensor.of(new int[] {1, c, positions}, f.clone()))[0];
        double s = 0;
        for (int k = 0; k < coef.length; k++) {
            s += w[k] * FastIca.dot(coef[k], g);
        }
        return s;
    }
}
