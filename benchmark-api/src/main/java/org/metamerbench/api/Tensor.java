package org.metamerbench.api;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * A dense float tensor in row-major order: a shape and a buffer, nothing else. It carries data across
 * the SPI so that no backend type (DJL, ONNX Runtime, ...) leaks into the API.
 *
 * <p>The first dimension of a batch tensor is the batch; {@link #sample(int)} and {@link #stack(List)}
 * move between a batch and its samples. Instances are immutable: factories copy their input unless
 * the name says otherwise ({@link #wrap}).
 */
public final class Tensor {
    private final int[] shape;
    private final float[] data;

    private Tensor(int[] shape, float[] data) {
        this.shape = shape;
        this.data = data;
    }

    /** A tensor holding a copy of {@code data}. */
    public static Tensor of(int[] shape, float[] data) {
        return wrap(shape.clone(), data.clone());
    }

    /**
     * A tensor that takes ownership of {@code data} without copying it. The caller must not change the
     * array afterwards.
     */
    public static Tensor wrap(int[] shape, float[] data) {
        long n = elementCount(shape);
        if (n != data.length) {
            throw new IllegalArgumentException(
                    "shape " + Arrays.toString(shape) + " holds " + n + " values, buffer has " + data.length);
        }
        return new Tensor(shape.clone(), data);
    }

    public static Tensor zeros(int... shape) {
        return new Tensor(shape.clone(), new float[Math.toIntExact(elementCount(shape))]);
    }

    /** Stacks same-shaped tensors along a new first (batch) dimension. */
    public static Tensor stack(List<Tensor> samples) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("cannot stack an empty list");
        }
        int[] inner = samples.get(0).shape;
        int per = samples.get(0).data.length;
        float[] out = new float[per * samples.size()];
        for (int i = 0; i < samples.size(); i++) {
            Tensor t = samples.get(i);
            if (!Arrays.equals(inner, t.shape)) {
                throw new IllegalArgumentException("sample " + i + " has shape " + Arrays.toString(t.shape)
                        + ", expected " + Arrays.toString(inner));
            }
            System.arraycopy(t.data, 0, out, i * per, per);
        }
        int[] shape = new int[inner.length + 1];
        shape[0] = samples.size();
        System.arraycopy(inner, 0, shape, 1, inner.length);
        return new Tensor(shape, out);
    }

    public static long elementCount(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            }
            n *= d;
        }
        return n;
    }

    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public int dim(int axis) {
        return shape[axis];
    }

    public int size() {
        return data.length;
    }

    /** Number of samples: the size of the first dimension. */
    public int batchSize() {
        return shape[0];
    }

    /** Values per sample: the size of everything but the first dimension. */
    public int sampleSize() {
        return shape[0] == 0 ? 0 : data.length / shape[0];
    }

    /** The shape of one sample (everything but the first dimension). */
    public int[] sampleShape() {
        return Arrays.copyOfRange(shape, 1, shape.length);
    }

    public float get(int flatIndex) {
        return data[flatIndex];
    }

    /** A read-only view of the values. */
    public FloatBuffer buffer() {
        return FloatBuffer.wrap(data).asReadOnlyBuffer();
    }

    /** A copy of the values. */
    public float[] toFloatArray() {
        return data.clone();
    }

    /** Copies the values of sample {@code i} into {@code dst} at {@code offset}. */
    public void copySample(int i, float[] dst, int offset) {
        int per = sampleSize();
        System.arraycopy(data, i * per, dst, offset, per);
    }

    /** Sample {@code i} of a batch, without the batch dimension. */
    public Tensor sample(int i) {
        int per = sampleSize();
        return new Tensor(sampleShape(), Arrays.copyOfRange(data, i * per, (i + 1) * per));
    }

    /** Samples {@code [from, to)} of a batch, as a batch of their own. */
    public Tensor samples(int from, int to) {
        if (from < 0 || to > batchSize() || from >= to) {
            throw new IndexOutOfBoundsException("samples " + from + ".." + to + " of a batch of " + batchSize());
        }
        int per = sampleSize();
        int[] s = shape.clone();
        s[0] = to - from;
        return new Tensor(s, Arrays.copyOfRange(data, from * per, to * per));
    }

    /** The same values under another shape with the same number of elements. */
    public Tensor reshape(int... newShape) {
        return wrap(newShape, data);
    }

    /** True when every value is finite (no NaN, no infinity). */
    public boolean allFinite() {
        for (float v : data) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape);
    }
}
