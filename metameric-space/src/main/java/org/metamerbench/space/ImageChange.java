package org.metamerbench.space;

/**
 * How much an image changed, MAME's control for its thresholds: the RMS contrast of the change (the standard
 * deviation of the grey-level difference) and the structural similarity (Wang et al. 2004) of the two grey images as
 * scikit-image computes it by default (7 x 7 uniform windows, sample covariances, K1 0.01, K2 0.03, the data range 1,
 * the mean over the windows that fit the image). Images are one grey channel {@code [height x width]}, or channels
 * first, averaged to grey with Rec. 709's weights when there are three.
 */
public final class ImageChange {
    private static final int WINDOW = 7;

    private ImageChange() {
    }

    /** The grey image of {@code pixels} ({@code [channels, height, width]}). */
    static double[] grey(float[] pixels, int channels) {
        int n = pixels.length / channels;
        double[] g = new double[n];
        double[] w = channels == 3 ? new double[] {0.2126, 0.7152, 0.0722} : null;
        for (int i = 0; i < n; i++) {
            if (channels == 1) {
                g[i] = pixels[i];
            } else if (w != null) {
                g[i] = w[0] * pixels[i] + w[1] * pixels[n + i] + w[2] * pixels[2 * n + i];
            } else {
                double s = 0;
                for (int c = 0; c < channels; c++) {
                    s += pixels[c * n + i];
                }
                g[i] = s / channels;
            }
        }
        return g;
    }

    /** The standard deviation of the grey difference. */
    public static double rmsContrast(float[] a, float[] b, int channels) {
        double[] ga = grey(a, channels);
        double[] gb = grey(b, channels);
        double mean = 0;
        for (int i = 0; i < ga.length; i++) {
            mean += (ga[i] - gb[i]) / ga.length;
        }
        double ss = 0;
        for (int i = 0; i < ga.length; i++) {
            double d = ga[i] - gb[i] - mean;
            ss += d * d;
        }
        return Math.sqrt(ss / ga.length);
    }

    /** The structural similarity of the grey images ({@code height x width} each after greying). */
    public static double ssim(float[] a, float[] b, int channels, int height, int width) {
        double[] x = grey(a, channels);
        double[] y = grey(b, channels);
        double c1 = 0.01 * 0.01;
        double c2 = 0.03 * 0.03;
        int np = WINDOW * WINDOW;
        double cov = np / (np - 1.0);
        double sum = 0;
        int windows = 0;
        // windows centred where they fit (scikit-image crops a border of (WINDOW - 1) / 2 before the mean)
        for (int r = 0; r + WINDOW <= height; r++) {
            for (int c = 0; c + WINDOW <= width; c++) {
                double mx = 0;
                double my = 0;
                for (int i = 0; i < WINDOW; i++) {
                    for (int j = 0; j < WINDOW; j++) {
                        mx += x[(r + i) * width + c + j] / np;
                        my += y[(r + i) * width + c + j] / np;
                    }
                }
                double vx = 0;
                double vy = 0;
                double vxy = 0;
                for (int i = 0; i < WINDOW; i++) {
                    for (int j = 0; j < WINDOW; j++) {
                        double dx = x[(r + i) * width + c + j] - mx;
                        double dy = y[(r + i) * width + c + j] - my;
                        vx += dx * dx / np;
                        vy += dy * dy / np;
                        vxy += dx * dy / np;
                    }
                }
                vx *= cov;
                vy *= cov;
                vxy *= cov;
                sum += (2 * mx * my + c1) * (2 * vxy + c2) / ((mx * mx + my * my + c1) * (vx + vy + c2));
                windows++;
            }
        }
        return sum / windows;
    }
}
