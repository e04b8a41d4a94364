package org.metamerbench.datasets;

import java.util.Arrays;
import java.util.List;

/**
 * The rules a format-2 set's description of its samples ({@link StimulusSetManifest.Stimuli}) and its
 * samples file must follow. Every error names the manifest or the file, and the field or the item.
 */
final class StimulusDescription {
    /** The largest number of values in one sample (a 3 x 1024 x 1024 image, or 10 s of sound at 48 kHz is far below). */
    static final int MAX_SAMPLE_VALUES = 1 << 24;

    private StimulusDescription() {
    }

    /** Checks the description itself. */
    static void check(String where, StimulusSetManifest.Stimuli s) throws DatasetIntegrityException {
        if (s == null) {
            throw new DatasetIntegrityException(where + ": manifest field 'stimuli' is missing (format '"
                    + StimulusSetManifest.FORMAT_2 + "' describes its samples there)");
        }
        String field = where + ": field 'stimuli.";
        if (s.shape() == null || s.shape().isEmpty() || s.shape().stream().anyMatch(d -> d == null || d < 1)) {
            throw new DatasetIntegrityException(field + "shape' must list positive sizes, got " + s.shape());
        }
        long values = 1;
        for (int d : s.shape()) {
            values *= d;
        }
        if (values > MAX_SAMPLE_VALUES) {
            throw new DatasetIntegrityException(field + "shape' " + s.shape() + " holds " + values
                    + " values per sample, more than " + MAX_SAMPLE_VALUES);
        }
        if (StimulusSetManifest.Stimuli.IMAGE.equals(s.modality())) {
            if (s.shape().size() != 3 || (s.shape().get(0) != 1 && s.shape().get(0) != 3)) {
                throw new DatasetIntegrityException(field + "shape' of an image is [channels, height, width] "
                        + "with 1 or 3 channels, got " + s.shape());
            }
            if (s.sampleRate() != null) {
                throw new DatasetIntegrityException(field + "sampleRate' belongs to sounds, not images");
            }
        } else if (StimulusSetManifest.Stimuli.SOUND.equals(s.modality())) {
            if (s.shape().size() != 1) {
                throw new DatasetIntegrityException(field + "shape' of a sound is [samples], got " + s.shape());
            }
            if (s.sampleRate() == null || s.sampleRate() < 1) {
                throw new DatasetIntegrityException(field + "sampleRate' must be a positive number of Hz for a "
                        + "sound, got " + s.sampleRate());
            }
        } else {
            throw new DatasetIntegrityException(field + "modality' is '" + s.modality() + "', expected '"
                    + StimulusSetManifest.Stimuli.IMAGE + "' or '" + StimulusSetManifest.Stimuli.SOUND + "'");
        }
        if (!SampleData.UINT8.equals(s.dtype()) && !SampleData.FLOAT32.equals(s.dtype())
                && !SampleData.INT16.equals(s.dtype())) {
            throw new DatasetIntegrityException(field + "dtype' is '" + s.dtype() + "', expected '"
                    + SampleData.UINT8 + "', '" + SampleData.INT16 + "' or '" + SampleData.FLOAT32 + "'");
        }
        List<Float> r = s.range();
        if (r == null || r.size() != 2 || r.get(0) == null || r.get(1) == null || !Float.isFinite(r.get(0))
                || !Float.isFinite(r.get(1)) || !(r.get(0) < r.get(1))) {
            throw new DatasetIntegrityException(field + "range' must be [lo, hi] with finite lo < hi, got " + r);
        }
        if (SampleData.INT16.equals(s.dtype()) && (!StimulusSetManifest.Stimuli.SOUND.equals(s.modality())
                || r.get(0) != -1f || r.get(1) != 1f)) {
            throw new DatasetIntegrityException(field + "dtype' int16 is 16-bit PCM (v / 32768): a sound with "
                    + "range [-1, 1], got " + s.modality() + " with range " + r);
        }
    }

    /** Checks the samples file against the description: type, shape, and every float value inside the range. */
    static void checkSamples(String file, StimulusSetManifest.Stimuli s, SampleData samples,
            List<StimulusSetManifest.Item> items) throws DatasetIntegrityException {
        if (!samples.dtype().equals(s.dtype())) {
            throw new DatasetIntegrityException(file + ": holds " + samples.dtype() + ", the manifest's "
                    + "stimuli.dtype says " + s.dtype());
        }
        int[] expected = s.shape().stream().mapToInt(Integer::intValue).toArray();
        if (!Arrays.equals(samples.sampleShape(), expected)) {
            throw new DatasetIntegrityException(file + ": samples of shape " + Arrays.toString(samples.sampleShape())
                    + ", the manifest's stimuli.shape says " + s.shape());
        }
        if (samples.float32() != null) {
            float lo = s.range().get(0);
            float hi = s.range().get(1);
            int per = samples.sampleSize();
            float[] v = samples.float32();
            for (int i = 0; i < v.length; i++) {
                if (!(v[i] >= lo && v[i] <= hi)) {
                    int item = i / per;
                    String id = item < items.size() ? items.get(item).id() : "#" + item;
                    throw new DatasetIntegrityException(file + ": sample " + id + " has value " + v[i]
                            + " at position " + (i % per) + ", outside the range [" + lo + ", " + hi + "]");
                }
            }
        }
    }
}
