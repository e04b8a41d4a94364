package org.metamerbench.api.harness;

/**
 * Adam (Kingma & Ba 2015) over one array of variables, with PyTorch's defaults: beta 0.9 and 0.999, epsilon 1e-8,
 * bias-corrected moments. The harness's optimiser of inputs (graph features and edges, a trial's pixels), where the
 * variables are a plain array rather than an engine's tensor.
 */
public final class ArrayAdam {
    private final float[] m;
    private final float[] v;
    private int t;

    public ArrayAdam(int size) {
        m = new float[size];
        v = new float[size];
    }

    /** One step of {@code x} against the gradient {@code g} at {@code rate}. */
    public void step(float[] x, float[] g, double rate) {
        if (x.length != m.length || g.length != m.length) {
            throw new IllegalArgumentException("Adam over " + m.length + " variables was given " + x.length
                    + " variables and " + g.length + " gradients");
        }
        t++;
        double c1 = 1 - Math.pow(0.9, t);
        double c2 = 1 - Math.pow(0.999, t);
        for (int i = 0; i < x.length; i++) {
            m[i] = (float) (0.9 * m[i] + 0.1 * g[i]);
            v[i] = (float) (0.999 * v[i] + 0.001 * g[i] * g[i]);
            x[i] = (float) (x[i] - rate * (m[i] / c1) / (Math.sqrt(v[i] / c2) + 1e-8));
        }
    }
}
