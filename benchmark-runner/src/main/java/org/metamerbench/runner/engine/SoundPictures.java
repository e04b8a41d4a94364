package org.metamerbench.runner.engine;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.metamerbench.datasets.SamplePng;
import org.metamerbench.auditory.CochlearFrontEnd;
import org.metamerbench.auditory.ErbFilterBank;

/**
 * Pictures of sounds for the report's grids: the cochleagram the harness's own front end makes of a waveform
 * (63 ERB-spaced channels from 50 Hz to 8 kHz, or to half the sample rate, at 100 frames per second or the
 * nearest frame rate that divides the sample rate ({@link #frameRate}), compressed
 * by the power 0.3: {@link CochlearFrontEnd}), low frequencies at the bottom, values 0 to 1 from black to white.
 * The same front end draws every sound of a run, whatever model made it, so pictures compare across models.
 */
final class SoundPictures {
    private static final Map<String, CochlearFrontEnd> FRONT_ENDS = new ConcurrentHashMap<>();

    private SoundPictures() {
    }

    /**
     * The frame rate of the pictures at {@code rate} Hz: 100 frames a second where 100 divides the rate, else the
     * whole number of frames a second nearest 100 (50 to 200) that divides it (98 at 22,050 Hz); 0 where none
     * does or the rate is below 1 kHz.
     */
    static int frameRate(int rate) {
        if (rate < 1_000) {
            return 0;
        }
        for (int d = 0; d <= 100; d++) {
            for (int r : new int[] {100 + d, 100 - d}) {
                if (r >= 50 && r <= 200 && rate % r == 0) {
                    return r;
                }
            }
        }
        return 0;
    }

    /** The front end for sounds of {@code samples} (a whole number of frames) at {@code rate} Hz. */
    private static CochlearFrontEnd frontEnd(int rate, int frameRate, int samples) {
        return FRONT_ENDS.computeIfAbsent(rate + "/" + samples, k -> {
            ErbFilterBank bank = new ErbFilterBank(rate, samples, 29, 50, Math.min(8_000, rate / 2.0), 2);
            for (int d : new int[] {4, 2, 1}) {
                if (rate % (frameRate * d) == 0) {
                    try {
                        return new CochlearFrontEnd(bank, frameRate, d);
                    } catch (IllegalArgumentException tooNarrow) {
                        // a channel wider than the decimated band: compute at a higher rate
                    }
                }
            }
            throw new IllegalStateException("no envelope rate fits " + rate + " Hz");
        });
    }

    /**
     * Writes the cochleagram of {@code wave} as a grey PNG, the sound padded with silence to a whole number of
     * frames; returns false (writing nothing) where no frame rate fits the sample rate ({@link #frameRate}).
     */
    static boolean write(Path root, Path file, float[] wave, int rate) throws IOException {
        int frameRate = frameRate(rate);
        if (frameRate == 0) {
            return false;
        }
        int hop = rate / frameRate;
        float[] padded = java.util.Arrays.copyOf(wave, (wave.length + hop - 1) / hop * hop);
        CochlearFrontEnd fe = frontEnd(rate, frameRate, padded.length);
        int channels = fe.filters().channels();
        int frames = fe.frames();
        float[] c;
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            c = fe.forward(m.create(padded, new Shape(1, padded.length))).toFloatArray();
        }
        float[] picture = new float[channels * frames];
        for (int ch = 0; ch < channels; ch++) {
            for (int t = 0; t < frames; t++) {
                picture[(channels - 1 - ch) * frames + t] = Math.max(0f, Math.min(1f, c[ch * frames + t]));
            }
        }
        SamplePng.write(root, file, picture, new int[] {1, channels, frames}, 0f, 1f);
        return true;
    }
}
