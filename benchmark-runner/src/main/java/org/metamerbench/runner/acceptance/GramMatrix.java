package org.metamerbench.runner.acceptance;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Inner products of every pair of rows, {@code G = A A^T}, in float64 through DJL's PyTorch engine:
 * one matrix product instead of a million dot products in Java.
 */
final class GramMatrix {
    private GramMatrix() {
    }

    /** {@code rows} is {@code [n, d]} row-major; returns {@code [n, n]} row-major. */
    static double[] of(double[] rows, int n, int d) {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray a = m.create(rows, new Shape(n, d));
            return a.matMul(a.transpose()).toDoubleArray();
        }
    }
}
