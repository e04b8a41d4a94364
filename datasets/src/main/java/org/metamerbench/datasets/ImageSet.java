package org.metamerbench.datasets;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.metamerbench.api.Tensor;

/**
 * A fixed, versioned set of images with labels: the stimulus set that metamers are made for, or a
 * null pool of other natural images that acceptance thresholds come from. Loaded and checked
 * against its manifest by {@link ImageSetLoader}.
 *
 * @param manifest the manifest the files were checked against
 * @param images   the images, an IDX file of {@code [n, 28, 28]} unsigned bytes
 */
public record ImageSet(ImageSetManifest manifest, IdxFile images) {

    public String name() {
        return manifest.name();
    }

    /** The set's content hash: it names exactly these images, labels and indices. */
    public String sha256() {
        return manifest.sha256();
    }

    public int size() {
        return images.count();
    }

    public String id(int i) {
        return manifest.items().get(i).id();
    }

    public int label(int i) {
        return manifest.items().get(i).label();
    }

    public int[] labels() {
        return manifest.items().stream().mapToInt(ImageSetManifest.Item::label).toArray();
    }

    public List<String> ids() {
        return manifest.items().stream().map(ImageSetManifest.Item::id).toList();
    }

    public List<String> classLabels() {
        return manifest.classLabels();
    }

    /** The shape of one stimulus as a model receives it: {@code [1, h, w]}. */
    public int[] sampleShape() {
        return new int[] {1, images.dims()[1], images.dims()[2]};
    }

    /** The value range of the stimuli as a model receives them: 8-bit values scaled to [0, 1]. */
    public float[] valueRange() {
        return new float[] {0f, 1f};
    }

    /** Image {@code i} as floats in [0, 1], shape {@code [1, h, w]}. */
    public Tensor image(int i) {
        return batch(new int[] {i}).sample(0);
    }

    /** All images as floats in [0, 1], shape {@code [n, 1, h, w]}. */
    public Tensor tensor() {
        int[] all = new int[size()];
        Arrays.setAll(all, i -> i);
        return batch(all);
    }

    /** The chosen images as floats in [0, 1], shape {@code [k, 1, h, w]}. */
    public Tensor batch(int[] which) {
        int h = images.dims()[1];
        int w = images.dims()[2];
        int per = h * w;
        float[] out = new float[which.length * per];
        byte[] data = images.data();
        for (int k = 0; k < which.length; k++) {
            int base = which[k] * per;
            for (int p = 0; p < per; p++) {
                out[k * per + p] = (data[base + p] & 0xff) / 255f;
            }
        }
        return Tensor.wrap(new int[] {which.length, 1, h, w}, out);
    }

    /**
     * The positions of a class-balanced subset: the first {@code count / classes} items of each
     * class in set order (classes in label order), interleaved by class. {@code count} must be a
     * multiple of the number of classes present, at most the set size.
     */
    public int[] balancedSubset(int count) {
        int classes = classLabels().size();
        if (count <= 0 || count > size() || count % classes != 0) {
            throw new IllegalArgumentException("a balanced subset of " + name() + " needs a multiple of "
                    + classes + " stimuli up to " + size() + ", got " + count);
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
}
