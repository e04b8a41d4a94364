package org.metamerbench.datasets;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.metamerbench.api.Tensor;

/**
 * A fixed, versioned set of stimuli with labels: the stimulus set that metamers are made for, or a
 * null pool of other natural stimuli that acceptance thresholds come from. Loaded and checked
 * against its manifest by {@link StimulusSetLoader}. A format-1 set is 28 x 28 grayscale images in [0, 1];
 * a format-2 set says what its samples are ({@link StimulusSetManifest.Stimuli}): images of any size with 1
 * or 3 channels, or sounds at a sample rate.
 *
 * @param manifest the manifest the files were checked against
 * @param samples  the samples, an IDX array of {@code [n, ...sample shape]}
 */
public record StimulusSet(StimulusSetManifest manifest, SampleData samples) {

    public String name() {
        return manifest.name();
    }

    /** The set's content hash: it names exactly these samples, labels, indices and their description. */
    public String sha256() {
        return manifest.sha256();
    }

    public int size() {
        return samples.count();
    }

    public String id(int i) {
        return manifest.items().get(i).id();
    }

    public int label(int i) {
        return manifest.items().get(i).label();
    }

    public int[] labels() {
        return manifest.items().stream().mapToInt(StimulusSetManifest.Item::label).toArray();
    }

    public List<String> ids() {
        return manifest.items().stream().map(StimulusSetManifest.Item::id).toList();
    }

    public List<String> classLabels() {
        return manifest.classLabels();
    }

    /** {@code image} or {@code sound}. */
    public String modality() {
        return manifest.stimuli() == null ? StimulusSetManifest.Stimuli.IMAGE : manifest.stimuli().modality();
    }

    /** The sample rate of a sound set in Hz; 0 for images. */
    public int sampleRate() {
        return manifest.stimuli() == null || manifest.stimuli().sampleRate() == null ? 0
                : manifest.stimuli().sampleRate();
    }

    /** The shape of one stimulus as a model receives it: {@code [1, h, w]} for format 1, else the manifest's. */
    public int[] sampleShape() {
        return manifest.stimuli() == null ? new int[] {1, samples.dims()[1], samples.dims()[2]}
                : samples.sampleShape();
    }

    /** The value range of the stimuli as a model receives them: [0, 1] for format 1, else the manifest's. */
    public float[] valueRange() {
        return manifest.stimuli() == null ? new float[] {0f, 1f}
                : new float[] {manifest.stimuli().range().get(0), manifest.stimuli().range().get(1)};
    }

    /** Stimulus {@code i} as floats in the value range, shape {@link #sampleShape()}. */
    public Tensor image(int i) {
        return batch(new int[] {i}).sample(0);
    }

    /** All stimuli as floats, shape {@code [n, ...sample shape]}. */
    public Tensor tensor() {
        int[] all = new int[size()];
        Arrays.setAll(all, i -> i);
        return batch(all);
    }

    /** The chosen stimuli as floats in the value range, shape {@code [k, ...sample shape]}. */
    public Tensor batch(int[] which) {
        int[] sample = sampleShape();
        int per = samples.sampleSize();
        float[] range = valueRange();
        float[] out = new float[Math.multiplyExact(which.length, per)];
        for (int k = 0; k < which.length; k++) {
            samples.copySample(which[k], out, k * per, range[0], range[1]);
        }
        int[] shape = new int[sample.length + 1];
        shape[0] = which.length;
        System.arraycopy(sample, 0, shape, 1, sample.length);
        return Tensor.wrap(shape, out);
    }

    /**
     * The positions of a class-balanced subset: the first {@code count / classes} items of each
     * class in set order (classes in label order), interleaved by class. {@code count} must be a
     * multiple of the number of classes present, at most the set size, or a divisor of the number of classes: then
     * the first item of every {@code (classes / count)}-th class, from class 0 (10 of fifty words: words 0, 5, 10,
     * ..., 45), so that no class has two and the classes chosen spread over the label order.
     */
    public int[] balancedSubset(int count) {
        int classes = classLabels().size();
        if (count > 0 && count < classes && classes % count == 0) {
            return everyKthClass(classes / count);
        }
        if (count <= 0 || count > size() || count % classes != 0) {
            throw new IllegalArgumentException("a balanced subset of " + name() + " needs a multiple of "
                    + classes + " stimuli up to " + size() + ", or a divisor of " + classes + ", got " + count);
        }
        int perClass = count / classes;
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < size(); i++) {
            byClass.get(label(i)).add(i);
        }
        int[] out = new int[count];
        int k = 0;
        for (int j = 0; j < perClass; j++) {
            for (int c = 0; c < classes; c++) {
                if (byClass.get(c).size() <= j) {
                    throw new IllegalArgumentException(name() + " has only " + byClass.get(c).size()
                            + " items of class " + c);
                }
                out[k++] = byClass.get(c).get(j);
            }
        }
        Arrays.sort(out);
        return out;
    }

    /** The first item of classes 0, k, 2k, ... in set order. */
    private int[] everyKthClass(int k) {
        int classes = classLabels().size();
        int[] first = new int[classes];
        Arrays.fill(first, -1);
        for (int i = size() - 1; i >= 0; i--) {
            first[label(i)] = i;
        }
        int[] out = new int[classes / k];
        for (int j = 0; j < out.length; j++) {
            if (first[j * k] < 0) {
                throw new IllegalArgumentException(name() + " has no item of class " + (j * k));
            }
            out[j] = first[j * k];
        }
        Arrays.sort(out);
        return out;
    }
}
