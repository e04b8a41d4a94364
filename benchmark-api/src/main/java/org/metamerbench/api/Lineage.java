package org.metamerbench.api;

import java.util.Objects;

/**
 * Where a model's weights came from: the training recipe, the seed that fixed its initial weights and batch
 * order, the data it was trained on, and the model it was initialised or fine-tuned from. Models that share
 * training randomness or a parent are one <em>family</em>: an observer of the generator's family recognises the
 * generator's metamers because it shares its weights or their origin, not because it shares its invariances, so
 * the harness never scores a generator with observers of its family ({@link #kinship}).
 *
 * <p>The harness takes at its word only the lineage of the models it trained itself; a submission's declaration
 * is recorded and shown, and its kinship with the panel is found from its answers: every submission is compared
 * with every panel model on natural stimuli, and an observer that agrees with it more than independently trained
 * models do is left out.
 *
 * @param recipe          the architecture and training procedure, e.g. {@code cnn, adam 10 epochs}; "" if not
 *                        declared
 * @param seed            the seed of initial weights and batch order; "" if not declared
 * @param trainingData    the data trained on, e.g. {@code fashion-mnist-train}; "" if not declared
 * @param initialisedFrom the id of the model whose weights this one started from (fine-tuning, distillation of
 *                        weights); "" for training from scratch or not declared
 */
public record Lineage(String recipe, String seed, String trainingData, String initialisedFrom) {
    /** Nothing declared. */
    public static final Lineage UNDECLARED = new Lineage("", "", "", "");

    public Lineage {
        recipe = Objects.requireNonNullElse(recipe, "").strip();
        seed = Objects.requireNonNullElse(seed, "").strip();
        trainingData = Objects.requireNonNullElse(trainingData, "").strip();
        initialisedFrom = Objects.requireNonNullElse(initialisedFrom, "").strip();
    }

    /** Whether anything is declared. */
    public boolean declared() {
        return !(recipe.isEmpty() && seed.isEmpty() && trainingData.isEmpty() && initialisedFrom.isEmpty());
    }

    /**
     * Why models {@code a} and {@code b} are one family, or null when their declarations make them independent
     * (or say nothing). Kin: one was initialised from the other; both were initialised from the same model; or
     * both were trained with the same seed on the same data (the same batch order, and the same initial weights
     * where the recipe is the same).
     */
    public static String kinship(String a, Lineage la, String b, Lineage lb) {
        if (la.initialisedFrom.equals(b)) {
            return a + " was initialised from " + b;
        }
        if (lb.initialisedFrom.equals(a)) {
            return b + " was initialised from " + a;
        }
        if (!la.initialisedFrom.isEmpty() && la.initialisedFrom.equals(lb.initialisedFrom)) {
            return "both were initialised from " + la.initialisedFrom;
        }
        if (!la.seed.isEmpty() && la.seed.equals(lb.seed) && !la.trainingData.isEmpty()
                && la.trainingData.equals(lb.trainingData)) {
            return "both were trained with seed " + la.seed + " on " + la.trainingData + " (the same batch order"
                    + (la.recipe.equals(lb.recipe) ? " and initial weights)" : ")");
        }
        return null;
    }

    /** A short description, e.g. {@code cnn (adam, 10 epochs), seed 2, fashion-mnist-train}. */
    public String describe() {
        if (!declared()) {
            return "not declared";
        }
        StringBuilder s = new StringBuilder(recipe.isEmpty() ? "recipe not declared" : recipe);
        s.append(", seed ").append(seed.isEmpty() ? "not declared" : seed);
        s.append(", data ").append(trainingData.isEmpty() ? "not declared" : trainingData);
        if (!initialisedFrom.isEmpty()) {
            s.append(", initialised from ").append(initialisedFrom);
        }
        return s.toString();
    }
}
