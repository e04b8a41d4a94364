package org.metamerbench.runner.engine;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.metamerbench.datasets.SamplePng;
import org.metamerbench.zoo.audio.CochlearFrontEnd;
import org.metamerbench.zoo.audio.ErbFilterBank;

/**
 * Pictures of sounds for the report's grids: the cochleagram the harness's own front end makes of a waveform
 * (63 ERB-spaced channels from 50 Hz to 8 kHz, or to half the sample rate, at 100 frames per second, compressed
 * by the power 0.3: {@link CochlearFrontEnd}), low frequencies at the bottom, values 0 to 1 from black to white.
 * The same front end draws every sound of a run, whatever model made it, so pictures compare across models.
 */
final class SoundPictures {
    private static final Map<String, CochlearFrontEnd> FRONT_ENDS = new ConcurrentHashMap<>();

    private SoundPictures() {
    }

    /** The front end for sounds of {@code samples} at {@code rate} Hz; null where 100 frames a second do not fit. */
    static CochlearFrontEnd frontEnd(int rate, int samples) {
        if (rate % 100 != 0 || samples % (rate / 100) != 0 || rate < 1_000) {
            return null;
        }
        return FRONT_ENDS.computeIfAbsent(rate + "/" + samples, k -> {
            ErbFilterBank bank = new ErbFilterBank(rate, samples, 29, 50, Math.min(8_000, rate / 2.0), 2);
            for (int d : new int[] {4, 2, 1}) {
                if (rate % (100 * d) == 0 && samples % d == 0) {
                    try {
                        return new CochlearFrontEnd(bank, 100, d);
                    } catch (IllegalArgumentException tooNarrow) {
                        // a channel wider than the decimated band: compute at a higher rate
                    }
                }
            }
            throw new IllegalStateException("no envelope rate fits " + rate + " Hz");
        });
    }

    /** Writes the cochleagram of {@code wave} as a grey PNG; returns false (writing nothing) where none fits. */
    static boolean write(Path root, Path file, float[] wave, int rate) throws IOException {
        CochlearFrontEnd fe = frontEnd(rate, wave.length);
        if (fe == null) {
            return false;
        }
        int channels = fe.filters().channels();
        int frames = fe.frames();
        float[] c;
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            c = fe.forward(m.create(wave, new Shape(1, wave.length))).toFloatArray();
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
