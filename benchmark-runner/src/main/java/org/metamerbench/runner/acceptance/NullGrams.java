package org.metamerbench.runner.acceptance;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.DataType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.metamerbench.api.Tensor;

/**
 * The three Gram matrices of a null pool's activations (plain inner products for the SNR, and those of
 * the standardised values and of their standardised average ranks, which are the Pearson and Spearman
 * correlations), in float64 through DJL's PyTorch engine, in the blocks {@link NullBlocks} plans.
 *
 * <p>In one block the three are computed one after another from one staging array, as a single
 * matrix product each. In blocks, block I's three representations are held in the engine while every
 * later block J is computed, staged and multiplied with them; the products fill both {@code G[i][j]}
 * and {@code G[j][i]}. Rows are staged in parallel; each row's values do not depend on the blocks, and
 * the products differ from the one-block ones only in the engine's rounding (checked in the tests).
 */
final class NullGrams {
    /** The three representations of an activation row. */
    enum Form {
        PLAIN, STANDARDISED, RANKS
    }

    final int n;
    final double[][] gram = new double[Form.values().length][];
    final boolean[] zero;
    final boolean[] constant;

    private NullGrams(int n) {
        this.n = n;
        this.zero = new boolean[n];
        this.constant = new boolean[n];
    }

    double at(Form f, int i, int j) {
        return gram[f.ordinal()][i * n + j];
    }

    static NullGrams compute(PoolRows pool, NullBlocks blocks) {
        int n = pool.size();
        if (n != blocks.poolSize()) {
            throw new IllegalArgumentException("the blocks were planned for " + blocks.poolSize() + " images, the pool "
                    + "has " + n);
        }
        int d = Math.toIntExact(blocks.units());
        int b = blocks.rowsPerBlock();
        NullGrams g = new NullGrams(n);
        // Rows are staged straight into the engine's memory: a direct buffer the engine's array uses as it is.
        List<ByteBuffer> buffers = new ArrayList<>();
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            ByteBuffer streaming = DirectBuffers.allocate(buffers, (long) b * d * Double.BYTES);
            if (!blocks.blocked()) {
                Tensor all = rows(pool, 0, n, d);
                for (Form f : Form.values()) {
                    stage(all, f, streaming, g, 0);
                    try (NDManager sub = m.newSubManager()) {
                        NDArray a = engine(sub, streaming, n, d);
                        g.gram[f.ordinal()] = a.matMul(a.transpose()).toDoubleArray();
                    }
                }
                return g;
            }
            ByteBuffer[] held = new ByteBuffer[Form.values().length];
            for (Form f : Form.values()) {
                held[f.ordinal()] = DirectBuffers.allocate(buffers, (long) b * d * Double.BYTES);
                g.gram[f.ordinal()] = new double[n * n];
            }
            for (int i0 = 0; i0 < n; i0 += b) {
                int i1 = Math.min(n, i0 + b);
                try (NDManager heldArrays = m.newSubManager()) {
                    NDArray[] heldT = new NDArray[Form.values().length];
                    Tensor block = rows(pool, i0, i1, d);
                    for (Form f : Form.values()) {
                        stage(block, f, held[f.ordinal()], g, i0);
                        NDArray a = engine(heldArrays, held[f.ordinal()], i1 - i0, d);
                        heldT[f.ordinal()] = a.transpose();
                        g.fill(f, i0, i0, a.matMul(heldT[f.ordinal()]).toDoubleArray(), i1 - i0);
                    }
                    block = null; // two blocks' activations are counted: the last one and the one being made
                    for (int j0 = i1; j0 < n; j0 += b) {
                        int j1 = Math.min(n, j0 + b);
                        Tensor streamed = rows(pool, j0, j1, d);
                        for (Form f : Form.values()) {
                            stage(streamed, f, streaming, null, j0);
                            try (NDManager sub = m.newSubManager()) {
                                NDArray bj = engine(sub, streaming, j1 - j0, d);
                                g.fill(f, j0, i0, bj.matMul(heldT[f.ordinal()]).toDoubleArray(), i1 - i0);
                            }
                        }
                    }
                }
            }
        } finally {
            DirectBuffers.free(buffers); // the engine's arrays on them are closed with the manager above
        }
        return g;
    }

    /** Writes the block product {@code p} (rows from {@code r0}, columns from {@code c0}) and its mirror. */
    private void fill(Form f, int r0, int c0, double[] p, int cols) {
        double[] out = gram[f.ordinal()];
        int rows = p.length / cols;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double v = p[r * cols + c];
                out[(r0 + r) * n + c0 + c] = v;
                out[(c0 + c) * n + r0 + r] = v;
            }
        }
    }

    private static Tensor rows(PoolRows pool, int from, int to, int d) {
        Tensor t = pool.rows(from, to);
        if (t.batchSize() != to - from || t.sampleSize() != d) {
            throw new IllegalStateException("the null pool's activations of images " + from + ".." + (to - 1)
                    + " have shape " + Arrays.toString(t.shape()) + ", expected " + (to - from) + " images of " + d
                    + " units");
        }
        org.metamerbench.runner.ModelOutputs.requireFinite(t, "the null pool's activation");
        return t;
    }

    /** The first {@code rows} rows of {@code buffer} as an engine array that shares its memory. */
    private static NDArray engine(NDManager m, ByteBuffer buffer, int rows, int d) {
        ByteBuffer view = buffer.duplicate().position(0).limit(rows * d * Double.BYTES).slice()
                .order(ByteOrder.nativeOrder());
        return m.create(view, new Shape(rows, d), DataType.FLOAT64);
    }

    /**
     * Writes form {@code f} of every row of {@code t} into {@code staging}; with {@code g}, records which
     * rows (pool images from {@code first}) are all zero and which are constant.
     */
    private static void stage(Tensor t, Form f, ByteBuffer staging, NullGrams g, int first) {
        int d = t.sampleSize();
        int rows = t.batchSize();
        int lanes = Math.min(rows, Runtime.getRuntime().availableProcessors());
        DoubleBuffer out = staging.duplicate().order(ByteOrder.nativeOrder()).asDoubleBuffer();
        // One lane per core, each with its own row buffers: rows are staged without garbage.
        IntStream.range(0, lanes).parallel().forEach(lane -> {
            float[] row = new float[d];
            double[] form = new double[d];
            long[] scratch = f == Form.RANKS ? new long[d] : null;
            for (int i = lane; i < rows; i += lanes) {
                t.copySample(i, row, 0);
                switch (f) {
                    case PLAIN -> {
                        for (int k = 0; k < d; k++) {
                            form[k] = row[k];
                        }
                        if (g != null) {
                            g.zero[first + i] = Similarity.allZero(row);
                        }
                    }
                    case STANDARDISED -> {
                        for (int k = 0; k < d; k++) {
                            form[k] = row[k];
                        }
                        boolean varies = standardise(form, 0, d);
                        if (g != null) {
                            g.constant[first + i] = !varies;
                        }
                    }
                    case RANKS -> {
                        org.metamerbench.scoring.Correlation.ranks(row, scratch, form, 0);
                        standardise(form, 0, d);
                    }
                }
                out.put(i * d, form);
            }
        });
    }

    /** Replaces {@code v[off..off+d)} by {@code (v - mean) / ||v - mean||}; false (all zeros) when constant. */
    private static boolean standardise(double[] v, int off, int d) {
        double mean = 0;
        for (int k = 0; k < d; k++) {
            mean += v[off + k];
        }
        mean /= d;
        double ss = 0;
        for (int k = 0; k < d; k++) {
            double c = v[off + k] - mean;
            ss += c * c;
        }
        if (ss == 0) {
            Arrays.fill(v, off, off + d, 0);
            return false;
        }
        double inv = 1 / Math.sqrt(ss);
        for (int k = 0; k < d; k++) {
            v[off + k] = (v[off + k] - mean) * inv;
        }
        return true;
    }
}
