package org.metamerbench.datasets.folder;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.metamerbench.datasets.DatasetIntegrityException;

/**
 * Reads WAV files (RIFF; PCM of 8, 16, 24 or 32 bits, or 32-bit float; any number of channels) into a mono
 * waveform at a given sample rate and length, and writes 16-bit PCM mono WAV files.
 */
public final class WavFiles {
    /** Zero crossings of the windowed-sinc resampling kernel on each side. */
    static final int ZERO_CROSSINGS = 16;

    private WavFiles() {
    }

    /** The rule {@link #decode} follows, as recorded in a set's manifest. */
    public static String rule(int rate, int samples) {
        return String.format(Locale.ROOT, "channels averaged; resampled to %d Hz by a Hann-windowed sinc (%d zero "
                + "crossings a side, cut-off at half the lower rate); the first %d samples kept, zero-padded at the "
                + "end if shorter; values clipped to [-1, 1]", rate, ZERO_CROSSINGS, samples);
    }

    /** A decoded file: its samples (channels averaged, in [-1, 1]) and its sample rate. */
    public record Wave(float[] samples, int rate) {
    }

    /** The largest WAV file read: 256 MiB (about 25 minutes of 44.1 kHz 16-bit stereo). */
    public static final long MAX_BYTES = 256L << 20;

    /**
     * Reads a WAV file; one that lies in its header (a chunk longer than the file, a format chunk too short), holds a
     * non-finite sample or exceeds {@link #MAX_BYTES} is refused with its name and the reason.
     */
    public static Wave read(Path file) throws IOException {
        long length = Files.size(file);
        if (length > MAX_BYTES) {
            throw new DatasetIntegrityException(String.format(Locale.ROOT, "%s: %,d bytes, more than the %,d a WAV "
                    + "file may have", file, length, MAX_BYTES));
        }
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        if (b.remaining() < 12 || b.getInt(0) != 0x46464952 || b.getInt(8) != 0x45564157) {
            throw new DatasetIntegrityException(file + ": not a RIFF WAVE file");
        }
        int format = -1;
        int channels = 0;
        int rate = 0;
        int bits = 0;
        int pos = 12;
        while (pos + 8 <= b.limit()) {
            int id = b.getInt(pos);
            long size = b.getInt(pos + 4) & 0xffffffffL;
            int body = pos + 8;
            if (body + size > b.limit()) {
                throw new DatasetIntegrityException(String.format(Locale.ROOT, "%s: its '%s' chunk at byte %d declares "
                        + "%,d bytes, the file holds %,d after it (a truncated file, or a header that lies)", file,
                        chunkName(id), pos, size, b.limit() - body));
            }
            if (id == 0x20746d66) { // "fmt "
                if (size < 16) {
                    throw new DatasetIntegrityException(file + ": its 'fmt ' chunk is " + size + " bytes, shorter than "
                            + "the 16 that a WAV file's format takes");
                }
                format = b.getShort(body) & 0xffff;
                channels = b.getShort(body + 2) & 0xffff;
                rate = b.getInt(body + 4);
                bits = b.getShort(body + 14) & 0xffff;
                if (format == 0xfffe && size >= 26) {
                    format = b.getShort(body + 24) & 0xffff; // WAVE_FORMAT_EXTENSIBLE: the sub-format's code
                }
            } else if (id == 0x61746164) { // "data"
                if (format < 0) {
                    throw new DatasetIntegrityException(file + ": 'data' chunk before 'fmt '");
                }
                return new Wave(samples(file, b, body, (int) size, format, channels, bits), rate);
            }
            pos = body + (int) size + (int) (size & 1);
        }
        throw new DatasetIntegrityException(file + ": no 'data' chunk");
    }

    private static float[] samples(Path file, ByteBuffer b, int at, int size, int format, int channels, int bits)
            throws DatasetIntegrityException {
        boolean pcm = format == 1 && (bits == 8 || bits == 16 || bits == 24 || bits == 32);
        boolean flt = format == 3 && bits == 32;
        if (!pcm && !flt || channels < 1) {
            throw new DatasetIntegrityException(file + ": format " + format + " with " + bits + " bits and "
                    + channels + " channels; PCM 8/16/24/32-bit or 32-bit float are read");
        }
        int bytes = bits / 8;
        int frames = size / (bytes * channels);
        float[] out = new float[frames];
        for (int f = 0; f < frames; f++) {
            double sum = 0;
            for (int c = 0; c < channels; c++) {
                int p = at + (f * channels + c) * bytes;
                sum += flt ? b.getFloat(p) : switch (bits) {
                    case 8 -> ((b.get(p) & 0xff) - 128) / 128.0;
                    case 16 -> b.getShort(p) / 32768.0;
                    case 24 -> (((b.get(p + 2) << 16) | ((b.get(p + 1) & 0xff) << 8) | (b.get(p) & 0xff))) / 8388608.0;
                    default -> b.getInt(p) / 2147483648.0;
                };
            }
            if (!Double.isFinite(sum)) {
                throw new DatasetIntegrityException(file + ": sample " + f + " is " + sum + "; a WAV file's samples "
                        + "must be finite");
            }
            out[f] = (float) (sum / channels);
        }
        return out;
    }

    /** A chunk id as its four characters, unprintable ones as '?'. */
    private static String chunkName(int id) {
        StringBuilder s = new StringBuilder();
        for (int k = 0; k < 4; k++) {
            char c = (char) ((id >> (8 * k)) & 0xff);
            s.append(c >= 32 && c < 127 ? c : '?');
        }
        return s.toString();
    }

    /** Decodes {@code file} to {@code samples} values at {@code rate} Hz, following {@link #rule}. */
    public static float[] decode(Path file, int rate, int samples) throws IOException {
        Wave w = read(file);
        if (w.rate() < 1) {
            throw new DatasetIntegrityException(file + ": sample rate " + w.rate());
        }
        float[] x = w.rate() == rate ? w.samples() : resample(w.samples(), w.rate(), rate);
        float[] out = new float[samples];
        for (int i = 0; i < Math.min(samples, x.length); i++) {
            out[i] = Math.max(-1f, Math.min(1f, x[i]));
        }
        return out;
    }

    /** Band-limited resampling by a Hann-windowed sinc. */
    static float[] resample(float[] x, int from, int to) {
        double ratio = (double) to / from;
        double cutoff = Math.min(1.0, ratio); // of the input's Nyquist frequency
        int n = (int) Math.floor(x.length * ratio);
        float[] y = new float[n];
        double half = ZERO_CROSSINGS / cutoff;
        for (int i = 0; i < n; i++) {
            double t = i / ratio;
            int lo = (int) Math.ceil(t - half);
            int hi = (int) Math.floor(t + half);
            double sum = 0;
            for (int k = Math.max(0, lo); k <= Math.min(x.length - 1, hi); k++) {
                double d = t - k;
                double arg = Math.PI * d * cutoff;
                double sinc = d == 0 ? 1 : Math.sin(arg) / arg;
                double window = 0.5 + 0.5 * Math.cos(Math.PI * d / half);
                sum += x[k] * cutoff * sinc * window;
            }
            y[i] = (float) sum;
        }
        return y;
    }

    /**
     * A 16-bit PCM mono WAV file of {@code samples} (in [-1, 1]) at {@code rate} Hz: round(v * 32768), limited to
     * [-32768, 32767], so that a 16-bit sample read as v / 32768 is written back as it was.
     */
    public static byte[] encode(float[] samples, int rate) {
        ByteBuffer b = ByteBuffer.allocate(44 + 2 * samples.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x46464952).putInt(36 + 2 * samples.length).putInt(0x45564157);
        b.putInt(0x20746d66).putInt(16).putShort((short) 1).putShort((short) 1).putInt(rate).putInt(rate * 2)
                .putShort((short) 2).putShort((short) 16);
        b.putInt(0x61746164).putInt(2 * samples.length);
        for (short v : org.metamerbench.datasets.SampleData.toInt16(samples)) {
            b.putShort(v);
        }
        return b.array();
    }
}
