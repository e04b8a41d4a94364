package org.metamerbench.api.conformance;

import java.util.Random;

/** The conformance kit's check of an analytic gradient against central finite differences. */
final class FiniteDifferences {
    /** A scalar function of the input moved by {@code h} along the direction {@code v}. */
    @FunctionalInterface
    interface Along {
        double value(double[] v, double h);
    }

    private FiniteDifferences() {
    }

    /**
     * The worst relative error, over {@code directions} directions, between the derivative that gradient {@code g}
     * predicts and the central difference of {@code f}. Each direction is half along the gradient, half random: a
     * purely random direction's derivative is about 1/sqrt(d) of the gradient's norm and drowns in float32 round-off;
     * with the gradient in it, the derivative is large and any error in g still shows. ReLU and max-pooling networks
     * are piecewise linear, and a central difference that straddles a kink is wrong by construction: each direction
     * takes the best agreement over the steps {@code h}, {@code h / 3} and {@code h / 10}; a wrong gradient disagrees
     * at every one of them. {@code mask} (null: none) keeps a direction at 0 where it is 0.
     */
    static double worstRelativeError(float[] g, float[] mask, int directions, double h, Random rnd, Along f) {
        double gNorm = 0;
        for (float x : g) {
            gNorm += (double) x * x;
        }
        gNorm = Math.sqrt(gNorm);
        double worst = 0;
        for (int k = 0; k < directions; k++) {
            double[] r = new double[g.length];
            double rNorm = 0;
            for (int i = 0; i < r.length; i++) {
                r[i] = mask == null || mask[i] != 0 ? rnd.nextGaussian() : 0;
                rNorm += r[i] * r[i];
            }
            rNorm = Math.sqrt(rNorm);
            double[] v = new double[g.length];
            double vNorm = 0;
            for (int i = 0; i < v.length; i++) {
                v[i] = g[i] / gNorm + r[i] / rNorm;
                vNorm += v[i] * v[i];
            }
            vNorm = Math.sqrt(vNorm);
            double analytic = 0;
            for (int i = 0; i < v.length; i++) {
                v[i] /= vNorm;
                analytic += g[i] * v[i];
            }
            double rel = Double.POSITIVE_INFINITY;
            for (double step : new double[] {h, h / 3, h / 10}) {
                double numeric = (f.value(v, step) - f.value(v, -step)) / (2 * step);
                rel = Math.min(rel, Math.abs(numeric - analytic)
                        / Math.max(Math.max(Math.abs(numeric), Math.abs(analytic)), 1e-6));
            }
            worst = Math.max(worst, rel);
        }
        return worst;
    }
}
