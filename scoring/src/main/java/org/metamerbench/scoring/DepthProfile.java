package org.metamerbench.scoring;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where a model's invariances part from the panel's: the recognisability of its metamers in fixed bins of
 * relative depth, a stage's position between the input (0) and the logits stage (1) among its card's stages.
 * Every model is placed on the same axis whatever its number of stages, so a reader compares where models
 * diverge; a bin is the mean over the scored stages that fall in it, missing where none does. Shown, never
 * ranked: a model chooses its stages, so it could fill a bin with stages of its choice.
 */
public final class DepthProfile {
    /** Upper edges of the bins: (0, 0.25], (0.25, 0.5], (0.5, 0.75], (0.75, 1). The logits stage is its own bin. */
    public static final double[] EDGES = {0.25, 0.5, 0.75, 1.0};
    public static final List<String> BINS = List.of("0-25%", "25-50%", "50-75%", "75-100%", "logits");

    private DepthProfile() {
    }

    /**
     * The profile of {@code generator}: one value per {@link #BINS} entry, NaN where no scored stage falls in it.
     *
     * @param cardStages the generator's stages as its card lists them, input first, logits last
     */
    public static double[] of(RunResults run, String generator, List<String> cardStages) {
        double[] sum = new double[BINS.size()];
        int[] n = new int[BINS.size()];
        int last = cardStages.size() - 1;
        for (int k = 1; k <= last; k++) {
            StageData d = run.stageData(generator, cardStages.get(k));
            double r = d == null ? Double.NaN : d.recognisability(Resample.NONE, run.chance());
            if (Double.isNaN(r)) {
                continue;
            }
            int bin = bin(k, last);
            sum[bin] += r;
            n[bin]++;
        }
        double[] out = new double[BINS.size()];
        for (int b = 0; b < out.length; b++) {
            out[b] = n[b] == 0 ? Double.NaN : sum[b] / n[b];
        }
        return out;
    }

    /** The bin of stage {@code k} of a card whose logits stage is {@code last}. */
    static int bin(int k, int last) {
        if (k == last) {
            return BINS.size() - 1;
        }
        double depth = (double) k / last;
        for (int b = 0; b < EDGES.length; b++) {
            if (depth <= EDGES[b]) {
                return b;
            }
        }
        return EDGES.length - 1;
    }

    /** Table cells, "missing" where a bin is empty. */
    public static List<String> cells(double[] profile) {
        List<String> out = new ArrayList<>();
        for (double v : profile) {
            out.add(Double.isNaN(v) ? "missing" : String.format(Locale.ROOT, "%.3f", v));
        }
        return out;
    }
}
