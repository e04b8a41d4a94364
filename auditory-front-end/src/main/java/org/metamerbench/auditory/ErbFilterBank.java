package org.metamerbench.auditory;

import java.util.Locale;

/**
 * Half-cosine band-pass filters evenly spaced on the ERB-number scale (Glasberg and Moore 1990:
 * {@code E(f) = 21.4 log10(1 + 0.00437 f)}), defined by their magnitude response at the bins of a real FFT, as
 * in the published cochlear models (McDermott and Simoncelli's design, used by Feather et al.).
 *
 * <p>{@code n} base filters of width {@code W = 2 (E(high) - E(low)) / (n + 1)} would tile [low, high] with
 * neighbours half overlapping; the bank is {@code sampleFactor} (k) times denser: band filters every
 * {@code S = W / (2k)}, centred at {@code E(low) + j S} for j = 1 .. k(n+1)-1, each
 * {@code cos(pi (E - c) / W)} within {@code |E - c| < W/2}. Below and above the band, k low-pass and k high-pass
 * filters continue the grid (centres at j = 0, -1, .., -(k-1) and j = k(n+1) .. k(n+1)+k-1), each flat (1) beyond
 * its centre and half-cosine on the side facing the band. Every point then lies under k filters' worth of squared
 * response: the squared responses sum to exactly k at every frequency, and all filters are divided by sqrt(k)
 * so that they sum to 1 (the bank passes all energy). The published size (n 50, k 4, 50 Hz to 10 kHz) has
 * 203 + 8 = 211 channels.
 */
public final class ErbFilterBank {
    private final int rate;
    private final int samples;
    private final int n;
    private final double lowHz;
    private final double highHz;
    private final int sampleFactor;
    private final double[] centresErb;
    private final int[] kinds; // -1 low-pass, 0 band, +1 high-pass

    public ErbFilterBank(int rate, int samples, int n, double lowHz, double highHz, int sampleFactor) {
        if (rate < 1 || samples < 2 || n < 1 || sampleFactor < 1 || !(lowHz > 0) || !(highHz > lowHz)
                || highHz > rate / 2.0) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "filter bank needs rate > 0, samples > 1, "
                    + "n >= 1, sample factor >= 1 and 0 < low < high <= rate / 2; got rate %d, samples %d, n %d, "
                    + "low %.1f, high %.1f, sample factor %d", rate, samples, n, lowHz, highHz, sampleFactor));
        }
        this.rate = rate;
        this.samples = samples;
        this.n = n;
        this.lowHz = lowHz;
        this.highHz = highHz;
        this.sampleFactor = sampleFactor;
        int band = sampleFactor * (n + 1) - 1;
        int channels = band + 2 * sampleFactor;
        centresErb = new double[channels];
        kinds = new int[channels];
        double spacing = spacingErb();
        double e0 = erb(lowHz);
        int c = 0;
        for (int j = -(sampleFactor - 1); j <= 0; j++) { // low-pass, lowest first
            centresErb[c] = e0 + j * spacing;
            kinds[c++] = -1;
        }
        for (int j = 1; j <= band; j++) {
            centresErb[c] = e0 + j * spacing;
            kinds[c++] = 0;
        }
        for (int j = band + 1; j <= band + sampleFactor; j++) {
            centresErb[c] = e0 + j * spacing;
            kinds[c++] = 1;
        }
    }

    /** ERB number of a frequency in Hz (Glasberg and Moore 1990). */
    public static double erb(double hz) {
        return 21.4 * Math.log10(1 + 0.00437 * hz);
    }

    /** The frequency in Hz of an ERB number. */
    public static double hz(double erb) {
        return (Math.pow(10, erb / 21.4) - 1) / 0.00437;
    }

    public int channels() {
        return centresErb.length;
    }

    public int rate() {
        return rate;
    }

    public int samples() {
        return samples;
    }

    /** Bins of the real FFT of {@code samples} values: samples / 2 + 1, bin b at b * rate / samples Hz. */
    public int bins() {
        return samples / 2 + 1;
    }

    /** Width of one filter on the ERB-number scale. */
    public double widthErb() {
        return 2 * (erb(highHz) - erb(lowHz)) / (n + 1);
    }

    /** Spacing of adjacent channels' centres on the ERB-number scale (the frequency resolution). */
    public double spacingErb() {
        return widthErb() / (2 * sampleFactor);
    }

    /** Centre frequency of each channel in Hz (for the low-pass and high-pass channels: where they turn). */
    public double[] centresHz() {
        double[] out = new double[centresErb.length];
        for (int c = 0; c < out.length; c++) {
            out[c] = hz(Math.max(0, centresErb[c]));
        }
        return out;
    }

    /** The magnitude response of channel {@code c} at frequency {@code hz}. */
    public double response(int c, double hz) {
        double e = erb(hz);
        double centre = centresErb[c];
        double w = widthErb();
        double scale = 1 / Math.sqrt(sampleFactor);
        if (kinds[c] < 0 && e <= centre || kinds[c] > 0 && e >= centre) {
            return scale;
        }
        double d = e - centre;
        return Math.abs(d) < w / 2 ? scale * Math.cos(Math.PI * d / w) : 0;
    }

    /** Responses at the real FFT's bins: {@code [channels][bins]}. */
    public double[][] responses() {
        double[][] out = new double[channels()][bins()];
        for (int c = 0; c < out.length; c++) {
            for (int b = 0; b < out[c].length; b++) {
                out[c][b] = response(c, (double) b * rate / samples);
            }
        }
        return out;
    }

    /** The parameters, as recorded with a model. */
    public String describe() {
        return String.format(Locale.ROOT, "%d channels: %d ERB-spaced half-cosine filters (n %d, sample factor %d, "
                + "%.0f Hz to %.0f Hz, width %.3f ERB) + %d low-pass + %d high-pass; %d samples at %d Hz",
                channels(), channels() - 2 * sampleFactor, n, sampleFactor, lowHz, highHz, widthErb(), sampleFactor,
                sampleFactor, samples, rate);
    }
}
