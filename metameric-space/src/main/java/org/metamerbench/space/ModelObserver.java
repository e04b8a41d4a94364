package org.metamerbench.space;

import java.util.List;
import java.util.SplittableRandom;
import org.metamerbench.api.Model;
import org.metamerbench.api.Tensor;

/**
 * A model as the participant of an ABX trial: it sees A, B and X through its representation at a stated stage, each
 * presentation with its own Gaussian internal noise, and answers that X is whichever of A and B its noisy
 * representation is nearer to (Euclidean). The noise's standard deviation per unit is {@code noise} times the
 * representation's standard deviation over a pool of natural images (all units pooled), so that one number means the
 * same for every observer and stage.
 */
public final class ModelObserver {
    private final Model model;
    private final String stage;
    private final double sigma;
    private final SplittableRandom rnd;

    /** The observer; {@code pool} sets the scale of its noise. */
    public ModelObserver(Model model, String stage, double noise, Tensor pool, long seed) {
        if (!(noise >= 0)) {
            throw new IllegalArgumentException("the internal noise must be >= 0, not " + noise);
        }
        this.model = model;
        this.stage = stage;
        this.sigma = noise * spread(model.activations(pool, List.of(stage)).get(stage));
        this.rnd = new SplittableRandom(seed);
    }

    /** The noise's standard deviation per unit. */
    public double sigma() {
        return sigma;
    }

    public String stage() {
        return stage;
    }

    /** The representation's standard deviation over the pool, every unit's deviations pooled. */
    static double spread(Tensor acts) {
        int n = acts.batchSize();
        int d = acts.size() / n;
        float[] a = acts.toFloatArray();
        double ss = 0;
        for (int j = 0; j < d; j++) {
            double m = 0;
            for (int s = 0; s < n; s++) {
                m += a[s * d + j] / n;
            }
            for (int s = 0; s < n; s++) {
                double e = a[s * d + j] - m;
                ss += e * e;
            }
        }
        return Math.sqrt(ss / ((double) n * d));
    }

    /** Whether the observer answers an ABX trial of {@code reference} and {@code changed} correctly. */
    public boolean answer(Tensor reference, Tensor changed) {
        boolean referenceFirst = rnd.nextBoolean();
        boolean xIsA = rnd.nextBoolean();
        Tensor both = Tensor.stack(List.of(reference.sample(0), changed.sample(0)));
        float[] r = model.activations(both, List.of(stage)).get(stage).toFloatArray();
        int d = r.length / 2;
        float[] ref = java.util.Arrays.copyOfRange(r, 0, d);
        float[] chg = java.util.Arrays.copyOfRange(r, d, 2 * d);
        float[] a = noisy(referenceFirst ? ref : chg);
        float[] b = noisy(referenceFirst ? chg : ref);
        float[] x = noisy(xIsA == referenceFirst ? ref : chg);
        boolean saysA = distance(x, a) < distance(x, b);
        return saysA == xIsA;
    }

    private float[] noisy(float[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            double u = 1 - rnd.nextDouble();
            double z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd.nextDouble());
            out[i] = (float) (v[i] + sigma * z);
        }
        return out;
    }

    private static double distance(float[] p, float[] q) {
        double s = 0;
        for (int i = 0; i < p.length; i++) {
            s += (p[i] - q[i]) * (p[i] - q[i]);
        }
        return s;
    }
}
