package org.metamerbench.api;

/** The closed interval of input values a model accepts, e.g. [0, 1] for images. */
public record ValueRange(float lo, float hi) {
    public ValueRange {
        if (!(lo < hi) || !Float.isFinite(lo) || !Float.isFinite(hi)) {
            throw new IllegalArgumentException("value range needs finite lo < hi, got [" + lo + ", " + hi + "]");
        }
    }

    public float clamp(float v) {
        return v < lo ? lo : (v > hi ? hi : v);
    }

    public boolean contains(float v) {
        return v >= lo && v <= hi;
    }
}
