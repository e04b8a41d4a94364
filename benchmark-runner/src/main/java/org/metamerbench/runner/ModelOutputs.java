package org.metamerbench.runner;

import org.metamerbench.api.ModelException;
import org.metamerbench.api.Tensor;

/** Checks on what a model returns, so that a broken output fails its job instead of becoming a result. */
public final class ModelOutputs {
    private ModelOutputs() {
    }

    /** Returns {@code t}, or throws naming {@code what} and the first non-finite value (NaN or infinite). */
    public static Tensor requireFinite(Tensor t, String what) {
        String problem = nonFinite(t, what);
        if (problem != null) {
            throw new ModelException(problem);
        }
        return t;
    }

    /** Null if every value of {@code t} is finite; else what is wrong, naming {@code what} and the first such value. */
    public static String nonFinite(Tensor t, String what) {
        if (!t.allFinite()) {
            for (int i = 0; i < t.size(); i++) {
                float v = t.get(i);
                if (!Float.isFinite(v)) {
                    return what + " has a non-finite value (" + v + ") at sample " + i / Math.max(1, t.sampleSize())
                            + ", element " + i % Math.max(1, t.sampleSize());
                }
            }
        }
        return null;
    }
}
