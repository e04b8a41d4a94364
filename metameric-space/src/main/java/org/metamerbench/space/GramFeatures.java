package org.metamerbench.space;

import org.metamerbench.api.Tensor;

/**
 * A stage's Gram matrix as MAME takes it: the activation of one sample as {@code F = [channels, positions]} and
 * {@code G = F F'}, not normalised, flattened whole in row-major order; a vector stage ({@code [width]}) is one position,
 * so its Gram matrix is {@code v v'}. With the gradient of a linear function of G: for {@code s = <c, vec(G)>},
 * {@code ds/dF = (C + C') F}, C the coefficients as a {@code channels x channels} matrix.
 */
public final class GramFeatures {
    private GramFeatures() {
    }

    /** The channels of a sample of {@code shape} (its first dimension; a vector's width). */
    public static int channels(int[] sampleShape) {
        return sampleShape[0];
    }

    /** The Gram features of each sample of {@code activations} ({@code [n, channels, ...]}): {@code [n][C * C]}. */
    public static double[][] of(Tensor activations) {
        int n = activations.batchSize();
        int c = activations.dim(1);
        int positions = activations.size() / n / c;
        float[] a = activations.toFloatArray();
        double[][] out = new double[n][c * c];
        for (int s = 0; s < n; s++) {
            int base = s * c * positions;
            for (int i = 0; i < c; i++) {
                for (int j = i; j < c; j++) {
                    double g = 0;
                    for (int q = 0; q < positions; q++) {
                        g += (double) a[base + i * positions + q] * a[base + j * positions + q];
                    }
                    out[s][i * c + j] = g;
                    out[s][j * c + i] = g;
                }
            }
        }
        return out;
    }

    /**
     * The gradient of {@code sum_k w_k <c_k, vec(G)>} by one sample's activation {@code f} ({@code [channels *
     * positions]}, row-major): {@code sum_k w_k (C_k + C_k') F}.
     */
    public static float[] gradient(float[] f, int channels, double[][] coefficients, double[] weights) {
        int positions = f.length / channels;
        double[][] m = new double[channels][channels];
        for (int k = 0; k < coefficients.length; k++) {
            double w = weights[k];
            if (w == 0) {
                continue;
            }
            double[] ck = coefficients[k];
            for (int i = 0; i < channels; i++) {
                for (int j = 0; j < channels; j++) {
                    m[i][j] += w * (ck[i * channels + j] + ck[j * channels + i]);
                }
            }
        }
        float[] out = new float[f.length];
        for (int i = 0; i < channels; i++) {
            for (int q = 0; q < positions; q++) {
                double s = 0;
                for (int j = 0; j < channels; j++) {
                    s += m[i][j] * f[j * positions + q];
                }
                out[i * positions + q] = (float) s;
            }
        }
        return out;
    }
}
