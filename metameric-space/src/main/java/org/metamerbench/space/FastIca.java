package org.metamerbench.space;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Independent component analysis by FastICA (Hyvärinen 1999) in its symmetric ("parallel") form with the log-cosh
 * contrast, as MAME fits its dimensions (scikit-learn's FastICA, whiten "unit-variance", 100 components, at most 500
 * iterations, tolerance 1e-3): the samples are centred and whitened by principal components down to {@code k}
 * dimensions, then an orthogonal unmixing is iterated, {@code W <- E[g(WZ) Z'] - diag(E[g'(WZ)]) W} with {@code g =
 * tanh}, each step decorrelated symmetrically ({@code W <- (W W')^-1/2 W}), until no row turns by more than the
 * tolerance ({@code max |1 - |<w_new, w_old>||}). Each component's coordinate has unit variance over the samples.
 * Components come sorted by the share of the centred data each explains alone, {@code 1 - ||X - s a'||^2 / ||X||^2}
 * (s its scores, a its mixing column), largest first: MAME's ranking.
 *
 * @param mean        the samples' mean, {@code [features]}
 * @param components  the unmixing rows, {@code [k][features]}: a sample's coordinates are {@code components (x - mean)}
 * @param mixing      the mixing columns, {@code [features][k]}
 * @param explained   each component's explained-variance share, descending
 * @param iterations  the iterations run
 * @param converged   whether the tolerance was reached within the iteration limit
 */
public record FastIca(double[] mean, double[][] components, double[][] mixing, double[] explained, int iterations,
        boolean converged) {
    /** MAME's settings (scikit-learn's FastICA as its code calls it). */
    public static final int MAX_ITERATIONS = 500;
    public static final double TOLERANCE = 1e-3;

    /** The number of components. */
    public int size() {
        return components.length;
    }

    /** The coordinates of {@code x} on every component. */
    public double[] transform(double[] x) {
        double[] out = new double[components.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = coordinate(x, i);
        }
        return out;
    }

    /** The coordinate of {@code x} on component {@code i}. */
    public double coordinate(double[] x, int i) {
        double[] c = components[i];
        double s = 0;
        for (int j = 0; j < c.length; j++) {
            s += c[j] * (x[j] - mean[j]);
        }
        return s;
    }

    /**
     * Fits {@code k} components to the rows of {@code x} ({@code [samples][features]}, at least {@code k + 1} samples
     * and {@code k} features), from a seeded random start.
     */
    public static FastIca fit(double[][] x, int k, long seed) {
        return fit(x, k, seed, MAX_ITERATIONS, TOLERANCE);
    }

    public static FastIca fit(double[][] x, int k, long seed, int maxIterations, double tolerance) {
        int n = x.length;
        if (n <= k || k < 1) {
            throw new IllegalArgumentException("FastICA of " + k + " components needs more than " + k + " samples, "
                    + "not " + n);
        }
        int p = x[0].length;
        if (p < k) {
            throw new IllegalArgumentException(k + " components of " + p + " features");
        }
        double[] mean = new double[p];
        for (double[] row : x) {
            if (row.length != p) {
                throw new IllegalArgumentException("samples of " + row.length + " and " + p + " features");
            }
            for (int j = 0; j < p; j++) {
                mean[j] += row[j] / n;
            }
        }
        double[][] xc = new double[n][p];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                xc[i][j] = x[i][j] - mean[j];
            }
        }
        Whitening w = Whitening.of(xc, k);
        double[][] z = w.whiten(xc); // [k][n], identity covariance
        double[][] unmix = random(k, seed);
        symmetricDecorrelation(unmix);
        int it = 0;
        boolean converged = false;
        while (it < maxIterations) {
            it++;
            double[][] next = step(unmix, z);
            symmetricDecorrelation(next);
            double turn = 0;
            for (int i = 0; i < k; i++) {
                turn = Math.max(turn, Math.abs(Math.abs(dot(next[i], unmix[i])) - 1));
            }
            unmix = next;
            if (turn < tolerance) {
                converged = true;
                break;
            }
        }
        double[][] components = new double[k][p];
        for (int i = 0; i < k; i++) {
            for (int r = 0; r < k; r++) {
                double u = unmix[i][r];
                double[] kr = w.rows()[r];
                for (int j = 0; j < p; j++) {
                    components[i][j] += u * kr[j];
                }
            }
        }
        // the mixing is the pseudo-inverse of the unmixing: E diag(sqrt(lambda)) W'
        double[][] mixing = new double[p][k];
        for (int j = 0; j < p; j++) {
            for (int i = 0; i < k; i++) {
                double s = 0;
                for (int r = 0; r < k; r++) {
                    s += w.directions()[r][j] * Math.sqrt(w.variances()[r]) * unmix[i][r];
                }
                mixing[j][i] = s;
            }
        }
        double[] explained = explained(xc, components, mixing);
        Integer[] order = IntStream.range(0, k).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -explained[i]));
        double[][] c = new double[k][];
        double[][] a = new double[p][k];
        double[] e = new double[k];
        for (int r = 0; r < k; r++) {
            c[r] = components[order[r]];
            e[r] = explained[order[r]];
            for (int j = 0; j < p; j++) {
                a[j][r] = mixing[j][order[r]];
            }
        }
        return new FastIca(mean, c, a, e, it, converged);
    }

    /** The first {@code m} components (the most explaining). */
    public FastIca top(int m) {
        if (m < 1 || m > size()) {
            throw new IllegalArgumentException("the top " + m + " of " + size() + " components");
        }
        double[][] a = new double[mixing.length][];
        for (int j = 0; j < mixing.length; j++) {
            a[j] = Arrays.copyOf(mixing[j], m);
        }
        return new FastIca(mean, Arrays.copyOf(components, m), a, Arrays.copyOf(explained, m), iterations, converged);
    }

    /** One fixed-point step of symmetric FastICA with g = tanh. */
    private static double[][] step(double[][] w, double[][] z) {
        int k = w.length;
        int n = z[0].length;
        double[][] next = new double[k][k];
        for (int i = 0; i < k; i++) {
            double[] y = new double[n];
            for (int r = 0; r < k; r++) {
                double wr = w[i][r];
                double[] zr = z[r];
                for (int t = 0; t < n; t++) {
                    y[t] += wr * zr[t];
                }
            }
            double dg = 0;
            for (int t = 0; t < n; t++) {
                double g = Math.tanh(y[t]);
                y[t] = g;
                dg += 1 - g * g;
            }
            dg /= n;
            for (int r = 0; r < k; r++) {
                next[i][r] = dot(y, z[r]) / n - dg * w[i][r];
            }
        }
        return next;
    }

    /** {@code W <- (W W')^-1/2 W}, in place: the rows orthonormal, no row preferred. */
    static void symmetricDecorrelation(double[][] w) {
        int k = w.length;
        double[][] wwt = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = i; j < k; j++) {
                wwt[i][j] = dot(w[i], w[j]);
                wwt[j][i] = wwt[i][j];
            }
        }
        EigenDecomposition e = new EigenDecomposition(new Array2DRowRealMatrix(wwt, false));
        RealMatrix v = e.getV();
        double[] d = e.getRealEigenvalues();
        double[][] inv = new double[k][k]; // (W W')^-1/2 = V diag(1 / sqrt(d)) V'
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                double s = 0;
                for (int r = 0; r < k; r++) {
                    s += v.getEntry(i, r) * v.getEntry(j, r) / Math.sqrt(d[r]);
                }
                inv[i][j] = s;
            }
        }
        double[][] out = new double[k][];
        for (int i = 0; i < k; i++) {
            out[i] = new double[w[0].length];
            for (int r = 0; r < k; r++) {
                for (int j = 0; j < out[i].length; j++) {
                    out[i][j] += inv[i][r] * w[r][j];
                }
            }
        }
        System.arraycopy(out, 0, w, 0, k);
    }

    private static double[][] random(int k, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[][] w = new double[k][k];
        for (double[] row : w) {
            for (int j = 0; j < k; j++) {
                row[j] = gaussian(rnd);
            }
        }
        return w;
    }

    private static double gaussian(SplittableRandom rnd) {
        double u = 1 - rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd.nextDouble());
    }

    private static double[] explained(double[][] xc, double[][] components, double[][] mixing) {
        int n = xc.length;
        int p = xc[0].length;
        int k = components.length;
        double total = 0;
        for (double[] row : xc) {
            total += dot(row, row);
        }
        double[] out = new double[k];
        for (int i = 0; i < k; i++) {
            double[] a = new double[p];
            for (int j = 0; j < p; j++) {
                a[j] = mixing[j][i];
            }
            double aa = dot(a, a);
            double cross = 0;
            double ss = 0;
            for (int t = 0; t < n; t++) {
                double s = dot(components[i], xc[t]);
                ss += s * s;
                cross += s * dot(xc[t], a);
            }
            // ||X - s a'||^2 = ||X||^2 - 2 s'Xa + ||s||^2 ||a||^2
            out[i] = total == 0 ? 0 : 1 - (total - 2 * cross + ss * aa) / total;
        }
        return out;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /**
     * Principal-component whitening to {@code k} dimensions: {@code rows} ({@code [k][features]}) map a centred
     * sample to coordinates of unit variance; {@code directions} are the unit principal directions and
     * {@code variances} their variances. With more features than samples it is found from the samples' Gram matrix.
     */
    record Whitening(double[][] rows, double[][] directions, double[] variances) {
        static Whitening of(double[][] xc, int k) {
            int n = xc.length;
            int p = xc[0].length;
            boolean dual = p > n;
            int m = dual ? n : p;
            double[][] c = new double[m][m];
            for (int i = 0; i < m; i++) {
                for (int j = i; j < m; j++) {
                    double s = 0;
                    if (dual) {
                        s = dot(xc[i], xc[j]);
                    } else {
                        for (double[] row : xc) {
                            s += row[i] * row[j];
                        }
                    }
                    c[i][j] = s / n;
                    c[j][i] = c[i][j];
                }
            }
            EigenDecomposition e = new EigenDecomposition(new Array2DRowRealMatrix(c, false));
            double[] ev = e.getRealEigenvalues();
            Integer[] order = IntStream.range(0, m).boxed().toArray(Integer[]::new);
            Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -ev[i]));
            double[][] dirs = new double[k][p];
            double[] var = new double[k];
            double[][] rows = new double[k][p];
            for (int r = 0; r < k; r++) {
                int col = order[r];
                var[r] = ev[col];
                if (!(var[r] > 1e-12 * Math.max(1, ev[order[0]]))) {
                    throw new IllegalArgumentException("the samples span fewer than " + k + " dimensions (principal "
                            + "variance " + (r + 1) + " is " + var[r] + "): fit fewer components");
                }
                double[] u = e.getEigenvector(col).toArray();
                if (dual) { // e_r = X' u_r / sqrt(n lambda_r)
                    double scale = 1 / Math.sqrt(n * var[r]);
                    for (int t = 0; t < n; t++) {
                        for (int j = 0; j < p; j++) {
                            dirs[r][j] += xc[t][j] * u[t] * scale;
                        }
                    }
                } else {
                    dirs[r] = u;
                }
                for (int j = 0; j < p; j++) {
                    rows[r][j] = dirs[r][j] / Math.sqrt(var[r]);
                }
            }
            return new Whitening(rows, dirs, var);
        }

        /** The whitened samples, {@code [k][samples]}. */
        double[][] whiten(double[][] xc) {
            double[][] z = new double[rows.length][xc.length];
            for (int r = 0; r < rows.length; r++) {
                for (int t = 0; t < xc.length; t++) {
                    z[r][t] = dot(rows[r], xc[t]);
                }
            }
            return z;
        }
    }
}
