package org.metamerbench.runner.graph;

import org.metamerbench.api.DifferentiableGraphModel;
import org.metamerbench.api.GraphInput;
import org.metamerbench.api.Tensor;

/**
 * The local metamer dimension of a graph stimulus at a stage (Xu et al. 2025): the number of input dimensions of
 * its receptive field minus the numerical rank of the Jacobian of the centre node's activation with respect to
 * them, so the dimension of the manifold of inputs that the stage cannot tell from the stimulus, near it; and the
 * activation-induced log-volume change, the sum of the logarithms of the Jacobian's nonzero singular values.
 *
 * <p>The input dimensions are the node features of every node of the neighbourhood ({@code nodes x features}) and,
 * with {@code edges}, the weight of every node pair ({@code nodes (nodes - 1) / 2}: an edge's weight is one
 * dimension, its two adjacency entries moving together). The Jacobian has one row per unit of the stage at the
 * centre (one vector-Jacobian product each). Its singular values come from the eigenvalues of {@code J J^T}
 * (Jacobi rotations in double precision); the rank counts those above {@code sigma_max * max(rows, columns) *
 * eps}, with eps the float32 machine epsilon 2^-23 (NumPy's {@code matrix_rank} rule, for a Jacobian computed in
 * float32): the tolerance is part of every result.
 */
public final class MetamerDimension {
    /** float32's machine epsilon: the Jacobian is computed in float32. */
    public static final double EPSILON = Math.ulp(1.0f);

    /**
     * What was measured.
     *
     * @param inputDimensions the receptive field's dimensions (features, and edges where counted)
     * @param rank            the Jacobian's numerical rank
     * @param tolerance       the singular value at and below which a direction counts as lost
     * @param logVolume       the sum of the natural logarithms of the singular values above the tolerance
     * @param singularValues  all of them, largest first
     */
    public record Result(int inputDimensions, int rank, double tolerance, double logVolume, double[] singularValues) {
        /** The local metamer dimension: input dimensions the stage does not see. */
        public int dimension() {
            return inputDimensions - rank;
        }
    }

    private MetamerDimension() {
    }

    /** The dimension of {@code graph}'s centre (node 0) at {@code stage} of {@code model}. */
    public static Result of(DifferentiableGraphModel model, GraphInput graph, String stage, boolean edges) {
        int n = graph.nodes();
        int f = graph.featureCount();
        int width = Math.toIntExact(model.card().stage(stage).units());
        int pairs = edges ? n * (n - 1) / 2 : 0;
        int columns = n * f + pairs;
        double[][] jac = new double[width][];
        int[] shape = new int[] {n, width};
        for (int r = 0; r < width; r++) {
            float[] u = new float[n * width];
            u[r] = 1f; // node 0, unit r
            Tensor upstream = Tensor.wrap(shape, u);
            DifferentiableGraphModel.GraphGradient g = model.vjp(graph, stage, a -> upstream);
            double[] row = new double[columns];
            float[] gx = g.featureGradient().toFloatArray();
            for (int i = 0; i < n * f; i++) {
                row[i] = gx[i];
            }
            if (edges) {
                float[] ga = g.adjacencyGradient().toFloatArray();
                int k = n * f;
                for (int i = 0; i < n; i++) {
                    for (int j = i + 1; j < n; j++) {
                        row[k++] = (double) ga[i * n + j] + ga[j * n + i];
                    }
                }
            }
            jac[r] = row;
        }
        return ofJacobian(jac, columns);
    }

    /** The result for a Jacobian of {@code rows.length} rows and {@code columns} columns. */
    static Result ofJacobian(double[][] rows, int columns) {
        int h = rows.length;
        double[][] gram = new double[h][h];
        for (int i = 0; i < h; i++) {
            for (int j = i; j < h; j++) {
                double s = 0;
                for (int k = 0; k < columns; k++) {
                    s += rows[i][k] * rows[j][k];
                }
                gram[i][j] = s;
                gram[j][i] = s;
            }
        }
        double[] eig = SymmetricEigen.values(gram);
        double[] sv = new double[h];
        for (int i = 0; i < h; i++) {
            sv[i] = Math.sqrt(Math.max(eig[i], 0));
        }
        java.util.Arrays.sort(sv);
        for (int i = 0; i < h / 2; i++) {
            double t = sv[i];
            sv[i] = sv[h - 1 - i];
            sv[h - 1 - i] = t;
        }
        double max = h == 0 ? 0 : sv[0];
        double tol = max * Math.max(h, columns) * EPSILON;
        int rank = 0;
        double logVolume = 0;
        for (double s : sv) {
            if (s > tol) {
                rank++;
                logVolume += Math.log(s);
            }
        }
        return new Result(columns, rank, tol, logVolume, sv);
    }
}
