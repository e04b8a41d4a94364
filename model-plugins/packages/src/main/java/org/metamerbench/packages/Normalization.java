package org.metamerbench.packages;

import ai.djl.ndarray.NDArray;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Arrays;

/**
 * The normalisation a package declares in {@code input.normalize}: {@code (x - mean) / std} per
 * channel, applied by the harness before the model's own graph. The model's input stays the stimulus
 * set's values in {@code input.range}, so metamers are synthesised, clipped and written in that range.
 * A package without it normalises inside its graph, or not at all.
 *
 * @param mean one value per input channel (the first dimension of the input shape)
 * @param std  one positive value per input channel
 */
public record Normalization(float[] mean, float[] std) {

    /** Reads {@code input.normalize}; null when the package leaves normalisation to its graph. */
    static Normalization read(JsonNode n, int[] inputShape, String where) throws IOException {
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isObject() || n.size() != 2 || !n.has("mean") || !n.has("std")) {
            throw new IOException(where + ": field 'input.normalize' must be {\"mean\": [...], \"std\": [...]}, one "
                    + "value per input channel");
        }
        int channels = inputShape.length > 1 ? inputShape[0] : 1;
        float[] mean = values(n.get("mean"), channels, where, "mean");
        float[] std = values(n.get("std"), channels, where, "std");
        for (int c = 0; c < channels; c++) {
            if (!(std[c] > 0)) {
                throw new IOException(where + ": field 'input.normalize.std[" + c + "]' must be positive, found " + std[c]);
            }
        }
        return new Normalization(mean, std);
    }

    private static float[] values(JsonNode a, int channels, String where, String field) throws IOException {
        if (!a.isArray() || a.size() != channels) {
            throw new IOException(where + ": field 'input.normalize." + field + "' must list " + channels
                    + " number(s), one per input channel");
        }
        float[] out = new float[channels];
        for (int c = 0; c < channels; c++) {
            JsonNode v = a.get(c);
            if (!v.isNumber() || !Float.isFinite((float) v.asDouble())) {
                throw new IOException(where + ": field 'input.normalize." + field + "[" + c + "]' must be a finite "
                        + "number, found " + v);
            }
            out[c] = (float) v.asDouble();
        }
        return out;
    }

    /** Normalises a batch {@code [n, C, ...]} in place (for an engine without gradients). */
    void apply(float[] batch, int[] shape) {
        int per = 1; // values per channel of one sample
        for (int k = 2; k < shape.length; k++) {
            per *= shape[k];
        }
        for (int i = 0; i < batch.length; i++) {
            int c = (i / per) % mean.length;
            batch[i] = (batch[i] - mean[c]) / std[c];
        }
    }

    /** The normalised batch as an engine array (differentiable: gradients flow back to {@code x}). */
    NDArray apply(NDArray x) {
        long[] s = new long[(int) x.getShape().dimension()];
        Arrays.fill(s, 1);
        if (s.length > 1) {
            s[1] = mean.length;
        }
        NDArray m = x.getManager().create(mean).reshape(s);
        NDArray d = x.getManager().create(std).reshape(s);
        return x.sub(m).div(d);
    }

    /** How the card states it. */
    String describe() {
        return "(x - " + Arrays.toString(mean) + ") / " + Arrays.toString(std) + " per channel, applied by the harness";
    }
}
