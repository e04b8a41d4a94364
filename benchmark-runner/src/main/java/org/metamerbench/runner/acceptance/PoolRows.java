package org.metamerbench.runner.acceptance;

import org.metamerbench.api.Tensor;

/**
 * The null pool's activations at one stage, a range of images at a time: the null distribution asks
 * for them block by block, so a pool whose activations do not fit in memory is never held whole.
 */
public interface PoolRows {
    /** Images in the pool. */
    int size();

    /** The activations of images {@code [from, to)}, shaped {@code [to - from, ...]}. */
    Tensor rows(int from, int to);

    /** Rows of activations already computed ({@code [n, ...]}). */
    static PoolRows of(Tensor all) {
        return new PoolRows() {
            @Override
            public int size() {
                return all.batchSize();
            }

            @Override
            public Tensor rows(int from, int to) {
                if (from == 0 && to == all.batchSize()) {
                    return all;
                }
                return all.samples(from, to);
            }
        };
    }
}
