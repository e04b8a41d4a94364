package org.metamerbench.auditory;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Locale;

/**
 * The cochlear front end of the published word-recognition models, built from engine operations so that
 * gradients reach the waveform: a waveform {@code [batch, samples]} becomes a cochleagram
 * {@code [batch, 1, channels, frames]}.
 *
 * <ol>
 * <li>The real FFT of the waveform, times each channel's response ({@link ErbFilterBank}) doubled on the
 * positive frequencies (a real one-sided mask), then the inverse FFT: each channel's analytic signal, whose
 * magnitude is the channel's Hilbert envelope. With a {@code decimation} d above 1 the inverse FFT has length
 * L = samples / d and takes, per channel, only the L bins from the first its filter passes: the analytic signal's
 * every d-th sample, shifted in frequency, which leaves its magnitude unchanged, as long as each channel's pass
 * band is narrower than L bins (checked). The envelope is then exact at every d-th sample; what differs from
 * the full-rate computation is only that the low-pass filter below sees the envelope's content above
 * rate / (2 d) folded (measured in the tests). Taking L bins per channel instead of all of them also makes the
 * masking d times cheaper.</li>
 * <li>Downsampling of the envelopes from the sample rate to the envelope rate by a Hann-windowed sinc low-pass
 * filter (cut-off at half the envelope rate, {@link #ZERO_CROSSINGS} zero crossings a side, unit gain at 0 Hz),
 * applied at every {@code rate / envelopeRate}-th sample. (The published models use a Kaiser window of the same
 * length; the window's shape is the one difference.)</li>
 * <li>A ReLU whose backward pass is the identity (the sinc filter can ring below 0), then compression
 * {@code (x + 1e-8)^0.3} whose local derivative is clipped at 5 in the backward pass, as in the published code.</li>
 * </ol>
 *
 * <p>Every constant is made as an array of the input's manager and type, so that it lives as long as the
 * autograd graph that holds it (see the zoo's standardisation) and a float64 input is computed in float64.
 */
public final class CochlearFrontEnd {
    /** Zero crossings of the downsampling filter on each side of its centre. */
    public static final int ZERO_CROSSINGS = 5;
    public static final double POWER = 0.3;
    public static final double OFFSET = 1e-8;
    public static final double CLIP = 5;

    /**
     * The reduced size for CPUs: 1 s at 16 kHz, 63 channels (n 29, sample factor 2, 50 Hz to 8 kHz), 100 Hz
     * envelopes computed at 2 kHz (the widest channel passes 1,662 Hz; against the full-rate computation the
     * cochleagram differs by at most 1.6% of its largest value, measured in the tests).
     */
    public static final CochlearFrontEnd REDUCED = new CochlearFrontEnd(new ErbFilterBank(16_000, 16_000, 29, 50,
            8_000, 2), 100, 8);
    /**
     * The published size: 2 s at 20 kHz, 211 channels (n 50, sample factor 4, 50 Hz to 10 kHz), 200 Hz envelopes
     * computed at the full rate.
     */
    public static final CochlearFrontEnd PUBLISHED = new CochlearFrontEnd(new ErbFilterBank(20_000, 40_000, 50, 50,
            10_000, 4), 200, 1);

    private final ErbFilterBank filters;
    private final int envelopeRate;
    private final int decimation;
    private final int length; // samples / decimation: the inverse FFT's length
    private final int factor; // envelope samples (at rate / decimation) per frame
    private final long[] bins; // [channels * length]: the spectrum's bins each channel takes (past the end: padding)
    private final float[] mask; // [channels, length, 2]: real and imaginary parts (imaginary 0)
    private final float[] kernel;

    /**
     * @param decimation the envelope is computed at rate / decimation (1: at the full rate, as published)
     */
    public CochlearFrontEnd(ErbFilterBank filters, int envelopeRate, int decimation) {
        int samples = filters.samples();
        if (envelopeRate < 1 || decimation < 1 || filters.rate() % (envelopeRate * decimation) != 0
                || samples % (filters.rate() / envelopeRate) != 0) {
            throw new IllegalArgumentException("the envelope rate " + envelopeRate + " Hz times the decimation "
                    + decimation + " must divide the sample rate " + filters.rate() + " Hz, and rate / envelope rate "
                    + "the " + samples + " samples");
        }
        this.filters = filters;
        this.envelopeRate = envelopeRate;
        this.decimation = decimation;
        this.length = samples / decimation;
        this.factor = filters.rate() / envelopeRate / decimation;
        double[][] r = filters.responses();
        int count = filters.bins();
        boolean even = samples % 2 == 0;
        bins = new long[r.length * length];
        mask = new float[r.length * length * 2];
        for (int c = 0; c < r.length; c++) {
            int first = -1;
            int last = -1;
            for (int b = 0; b < count; b++) {
                if (r[c][b] != 0) {
                    first = first < 0 ? b : first;
                    last = b;
                }
            }
            if (last - first + 1 > length) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "channel %d passes %d bins, more than the "
                        + "%d of an envelope at %d Hz: lower the decimation", c, last - first + 1, length,
                        filters.rate() / decimation));
            }
            // The full-rate computation (decimation 1) takes every bin from 0, as published.
            int start = decimation == 1 ? 0 : Math.max(0, Math.min(first, count - length));
            for (int j = 0; j < length; j++) {
                int b = start + j;
                bins[c * length + j] = b; // bins at or past count read the zero padding
                if (b < count) {
                    // The analytic signal: DC (and the Nyquist bin of an even length) once, positive frequencies twice.
                    double weight = b == 0 || even && b == count - 1 ? 1 : 2;
                    mask[(c * length + j) * 2] = (float) (weight * r[c][b]);
                }
            }
        }
        kernel = sincKernel(factor);
    }

    /** Hann-windowed sinc, cut-off at 1 / (2 factor) cycles per sample, normalised to unit sum. */
    static float[] sincKernel(int factor) {
        int half = ZERO_CROSSINGS * factor;
        double[] k = new double[2 * half + 1];
        double sum = 0;
        for (int t = -half; t <= half; t++) {
            double sinc = t == 0 ? 1 : Math.sin(Math.PI * t / factor) / (Math.PI * t / factor);
            double hann = 0.5 * (1 + Math.cos(Math.PI * t / (half + 1)));
            k[t + half] = sinc * hann;
            sum += k[t + half];
        }
        float[] out = new float[k.length];
        for (int i = 0; i < k.length; i++) {
            out[i] = (float) (k[i] / sum);
        }
        return out;
    }

    /** The downsampling filter's taps. */
    float[] kernel() {
        return kernel.clone();
    }

    /** Envelope samples per cochleagram frame. */
    int factor() {
        return factor;
    }

    public ErbFilterBank filters() {
        return filters;
    }

    public int envelopeRate() {
        return envelopeRate;
    }

    /** Frames of the cochleagram: samples / (rate / envelope rate). */
    public int frames() {
        return length / factor;
    }

    /** The envelope is computed at rate / decimation before it is filtered down to the envelope rate. */
    public int decimation() {
        return decimation;
    }

    /** The cochleagram's shape for one waveform: {@code [1, channels, frames]}. */
    public Shape outputShape() {
        return new Shape(1, filters.channels(), frames());
    }

    /** Channel envelopes before compression, at the envelope rate: {@code [batch, channels, frames]}. */
    public NDArray envelopes(NDArray wave) {
        NDManager m = wave.getManager();
        DataType type = wave.getDataType();
        long batch = wave.getShape().get(0);
        int samples = filters.samples();
        int channels = filters.channels();
        NDArray flat = wave.reshape(batch, samples);
        NDArray spectrum = flat.rfft(samples); // [batch, bins], complex
        long padding = Math.max(0, bins[bins.length - 1] + 1 - filters.bins());
        if (padding > 0) {
            spectrum = spectrum.concat(m.zeros(new Shape(batch, padding, 2), type).complex(), 1);
        }
        NDArray taken = spectrum.get(new NDIndex(":, {}", m.create(bins))).reshape(batch, channels, length);
        NDArray m1 = m.create(mask, new Shape(channels, length, 2)).toType(type, false).complex();
        // ifft at length L is 1/L times the sum; every d-th sample of the full-length one is 1/samples times it.
        NDArray analytic = taken.mul(m1).ifft(length); // [batch, channels, length], complex
        NDArray envelope = analytic.abs().reshape(batch * channels, length);
        if (decimation > 1) {
            envelope = envelope.div(m.create((double) decimation).toType(type, false));
        }
        NDArray down = downsample(envelope);
        return down.reshape(batch, channels, frames());
    }

    /**
     * The windowed-sinc low-pass filter applied at every {@code factor}-th sample of rows {@code [n, length]}
     * (zero beyond both ends): {@code out[j] = sum_k kernel[k] x[j factor + k - half]}. Computed in blocks of
     * {@code factor} samples: the zero-padded rows as {@code [n, frames + 2 Z, factor]} times the kernel's 2 Z + 1
     * blocks of taps ({@code [factor, 2 Z + 1]}), then block q of the taps read from frame j + q and summed (a
     * strided convolution with one channel computed the same numbers several times slower, mostly in its
     * backward pass).
     */
    NDArray downsample(NDArray x) {
        NDManager m = x.getManager();
        DataType type = x.getDataType();
        long n = x.getShape().get(0);
        int frames = frames();
        int blocks = 2 * ZERO_CROSSINGS + 1;
        NDArray edge = m.zeros(new Shape(n, (long) ZERO_CROSSINGS * factor), type);
        NDArray padded = edge.concat(x, 1).concat(edge, 1).reshape(n, frames + 2L * ZERO_CROSSINGS, factor);
        // kmat[r][q] = kernel[q factor + r]: one product applies every block of taps to every block of samples.
        float[] kmat = new float[factor * blocks];
        for (int t = 0; t < kernel.length; t++) {
            kmat[(t % factor) * blocks + t / factor] = kernel[t];
        }
        NDArray y = padded.matMul(m.create(kmat, new Shape(factor, blocks)).toType(type, false)); // [n, frames+2Z, blocks]
        NDArray out = null;
        for (int q = 0; q < blocks; q++) {
            NDArray part = y.get(new NDIndex(":, {}:{}, {}", q, q + frames, q));
            out = out == null ? part : out.add(part);
        }
        return out; // [n, frames]
    }

    /** The cochleagram {@code [batch, 1, channels, frames]} of waveforms {@code [batch, samples]}. */
    public NDArray forward(NDArray wave) {
        NDArray e = envelopes(wave);
        NDArray rectified = e.add(ai.djl.nn.Activation.relu(e).sub(e).stopGradient());
        return compress(rectified).expandDims(1);
    }

    /**
     * {@code (x + OFFSET)^POWER} with the local derivative {@code min(POWER (x + OFFSET)^(POWER - 1), CLIP)} in
     * the backward pass: the value comes from a gradient-free branch, the gradient from {@code x} times the
     * clipped derivative held constant (the two products are equal, so they cancel in the value).
     */
    static NDArray compress(NDArray x) {
        NDManager m = x.getManager();
        DataType type = x.getDataType();
        NDArray shifted = x.add(m.create(OFFSET).toType(type, false));
        NDArray value = shifted.pow(m.create(POWER).toType(type, false)).stopGradient();
        NDArray slope = shifted.pow(m.create(POWER - 1).toType(type, false)).mul(m.create(POWER).toType(type, false))
                .minimum(m.create(CLIP).toType(type, false)).stopGradient();
        NDArray linear = x.mul(slope);
        return value.add(linear.sub(linear.stopGradient()));
    }

    /**
     * Floating-point operations for one waveform, estimated: a real FFT as 2.5 N log2 N, a complex one as
     * 5 N log2 N, 6 per complex product, 4 per magnitude, 2 per multiply-add of the downsampling filter.
     */
    public long flops() {
        int samples = filters.samples();
        long c = filters.channels();
        double fft = 2.5 * samples * log2(samples);
        double masked = 6.0 * c * length;
        double ifft = 5.0 * c * length * log2(length);
        double abs = 4.0 * c * length;
        double down = 2.0 * c * frames() * kernel.length;
        double compress = 4.0 * c * frames();
        return Math.round(fft + masked + ifft + abs + down + compress);
    }

    private static double log2(int n) {
        return Math.log(n) / Math.log(2);
    }

    /** The parameters, as recorded with a model. */
    public String describe() {
        return String.format(Locale.ROOT, "cochleagram: %s; Hilbert envelopes (real FFT, one-sided mask, inverse FFT); "
                + "envelopes at %d Hz, downsampled to %d Hz by a Hann-windowed sinc (%d taps); ReLU with identity "
                + "backward; (x + %.0e)^%.1f with the derivative clipped at %.0f", filters.describe(),
                filters.rate() / decimation, envelopeRate, kernel.length, OFFSET, POWER, CLIP);
    }
}
