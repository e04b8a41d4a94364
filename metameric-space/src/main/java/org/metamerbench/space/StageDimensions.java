package org.metamerbench.space;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.metamerbench.api.Model;
import org.metamerbench.api.Tensor;

/**
 * The dimensions of one stage of a model, as MAME makes them: FastICA of the stage's Gram features over a pool of
 * images ({@link FastIca}, {@link GramFeatures}), the components ranked by the share of the data each explains, the
 * {@value #KEPT} best kept and {@value #CHOSEN} of them chosen (the first {@value #CHOSEN}, as MAME's configuration
 * chooses for its three layers). A condition moves one chosen coordinate while the other chosen ones are held.
 *
 * @param stage       the model's stage
 * @param sampleShape the stage's shape per image
 * @param ica         the {@value #KEPT} kept components, ranked
 * @param fitted      how many components FastICA fitted ({@value #COMPONENTS}, or fewer where the pool spans fewer)
 */
public record StageDimensions(String stage, int[] sampleShape, FastIca ica, int fitted) {
    public static final int COMPONENTS = 100;
    public static final int KEPT = 10;
    public static final int CHOSEN = 3;
    public static final String RULE = "FastICA (symmetric, log-cosh, unit-variance coordinates) of the stage's Gram "
            + "matrices over the pool, " + COMPONENTS + " components (fewer where the pool spans fewer), ranked by "
            + "1 - ||X - s a'||^2 / ||X||^2, the best " + KEPT + " kept and the first " + CHOSEN + " chosen";

    /** The chosen components' coefficients, {@code [CHOSEN][features]}. */
    public double[][] chosen() {
        return Arrays.copyOf(ica.components(), CHOSEN);
    }

    /** The chosen coordinates of one image's stage activation {@code [sampleShape...]}. */
    public double[] coordinates(float[] activation) {
        double[] g = GramFeatures.of(Tensor.wrap(batchShape(), activation))[0];
        double[] out = new double[CHOSEN];
        for (int k = 0; k < CHOSEN; k++) {
            out[k] = ica.coordinate(g, k);
        }
        return out;
    }

    int[] batchShape() {
        int[] s = new int[sampleShape.length + 1];
        s[0] = 1;
        System.arraycopy(sampleShape, 0, s, 1, sampleShape.length);
        return s;
    }

    /**
     * Fits the dimensions of {@code stage} of {@code model} from {@code pool} ({@code [n, ...image shape]}), FastICA
     * started from {@code seed}.
     */
    public static StageDimensions fit(Model model, String stage, Tensor pool, long seed) {
        Tensor acts = model.activations(pool, List.of(stage)).get(stage);
        double[][] g = GramFeatures.of(acts);
        int k = Math.min(COMPONENTS, Math.min(pool.batchSize() - 1, g[0].length));
        FastIca ica = null;
        while (ica == null) {
            try {
                ica = FastIca.fit(g, k, seed);
            } catch (IllegalArgumentException e) {
                if (k <= KEPT || !e.getMessage().contains("fewer than")) {
                    throw e;
                }
                k = Math.max(KEPT, k / 2); // the Gram features span fewer dimensions than asked for
            }
        }
        return new StageDimensions(stage, acts.sampleShape(), ica.top(KEPT), k);
    }

    /** {@code count} images of {@code pool} drawn without replacement from {@code seed}, in pool order. */
    public static int[] sample(int poolSize, int count, long seed) {
        int[] idx = org.metamerbench.api.harness.Shuffle.permutation(poolSize, new SplittableRandom(seed));
        int[] out = Arrays.copyOf(idx, Math.min(count, poolSize));
        Arrays.sort(out);
        return out;
    }
}
