package org.metamerbench.runner.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.metamerbench.api.Model;
import org.metamerbench.api.ModelCard;
import org.metamerbench.api.ModelException;
import org.metamerbench.api.Tensor;
import org.metamerbench.datasets.StimulusSet;

/**
 * The stimulus set's task as one model performs it. A model takes part in a run only if it shares
 * the task: its input shape and value range are the set's, and its classes are the set's categories
 * (same labels, same order), or its card maps its classes to them; then its answer is the category
 * of its highest-ranked mapped class (the forced choice of Feather et al. 2023). Every class a model
 * gives a stimulus in a run comes from {@link #answer}: from the activation of the card's last stage
 * (the logits stage the headline score is read at, never a separate {@code logits()} a plugin could make
 * differ from it), refusing non-finite logits.
 */
public final class ObserverTask {
    private final String modelId;
    private final String logitsStage;
    private final int[] categoryOf;
    private final boolean mapped;
    private final int categories;

    private ObserverTask(String modelId, String logitsStage, int[] categoryOf, boolean mapped, int categories) {
        this.modelId = modelId;
        this.logitsStage = logitsStage;
        this.categoryOf = categoryOf;
        this.mapped = mapped;
        this.categories = categories;
    }

    /** A model's card does not fit the stimulus set; the message names the model and the difference. */
    public static final class Mismatch extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        Mismatch(String message) {
            super(message);
        }
    }

    /** Checks {@code card} against {@code set}; throws {@link Mismatch} naming every difference. */
    public static ObserverTask of(ModelCard card, StimulusSet set) {
        return of(card, set.classLabels(), set.sampleShape(), set.valueRange(), set.name(), set.sampleRate());
    }

    static ObserverTask of(ModelCard card, List<String> setLabels, int[] sampleShape, float[] range, String setName) {
        return of(card, setLabels, sampleShape, range, setName, 0);
    }

    /**
     * A sound (sample rate above 0) is the same task only at the same rate: the model must declare its rate on its
     * card ({@code ModelCard.Builder.sampleRate}).
     */
    static ObserverTask of(ModelCard card, List<String> setLabels, int[] sampleShape, float[] range, String setName,
            int sampleRate) {
        List<String> problems = new ArrayList<>();
        if (sampleRate > 0) {
            int declared = card.sampleRate();
            if (declared == 0) {
                problems.add("it declares no sample rate (ModelCard.Builder.sampleRate); the set's sounds are at "
                        + sampleRate + " Hz");
            } else if (declared != sampleRate) {
                problems.add("it takes sound at " + declared + " Hz, the set's is at " + sampleRate + " Hz");
            }
        }
        if (!Arrays.equals(card.inputShape(), sampleShape)) {
            problems.add("input shape " + Arrays.toString(card.inputShape()) + " differs from the set's "
                    + Arrays.toString(sampleShape));
        }
        if (card.valueRange().lo() != range[0] || card.valueRange().hi() != range[1]) {
            problems.add("value range [" + card.valueRange().lo() + ", " + card.valueRange().hi()
                    + "] differs from the set's [" + range[0] + ", " + range[1] + "]");
        }
        List<String> classes = card.classLabels();
        Map<String, String> mapping = card.categoryMapping();
        int[] categoryOf = new int[classes.size()];
        boolean mapped = !mapping.isEmpty();
        if (!mapped) {
            if (classes.equals(setLabels)) {
                Arrays.setAll(categoryOf, i -> i);
            } else {
                problems.add(classDifference(classes, setLabels)
                        + "; declare a mapping from the model's classes to the set's categories in its card");
            }
        } else {
            Arrays.fill(categoryOf, -1);
            boolean[] covered = new boolean[setLabels.size()];
            for (int k = 0; k < classes.size(); k++) {
                String category = mapping.get(classes.get(k));
                if (category == null) {
                    continue;
                }
                int c = setLabels.indexOf(category);
                if (c < 0) {
                    problems.add("its mapping sends class '" + classes.get(k) + "' to '" + category
                            + "', which is not a category of the set " + setLabels);
                } else {
                    categoryOf[k] = c;
                    covered[c] = true;
                }
            }
            List<String> missing = new ArrayList<>();
            for (int c = 0; c < covered.length; c++) {
                if (!covered[c]) {
                    missing.add(setLabels.get(c));
                }
            }
            if (!missing.isEmpty()) {
                problems.add("its mapping gives no class for the set's categories " + missing
                        + " (the forced choice needs every category)");
            }
        }
        if (!problems.isEmpty()) {
            throw new Mismatch(card.id() + " does not share the task of stimulus set " + setName + ": "
                    + String.join("; ", problems));
        }
        List<String> stages = card.stageNames();
        return new ObserverTask(card.id(), stages.get(stages.size() - 1), categoryOf, mapped, setLabels.size());
    }

    private static String classDifference(List<String> classes, List<String> setLabels) {
        if (classes.size() != setLabels.size()) {
            return "it has " + classes.size() + " classes, the set has " + setLabels.size() + " categories "
                    + setLabels;
        }
        for (int k = 0; k < classes.size(); k++) {
            if (!classes.get(k).equals(setLabels.get(k))) {
                return "its class " + k + " is '" + classes.get(k) + "', the set's category " + k + " is '"
                        + setLabels.get(k) + "'";
            }
        }
        return "its classes differ from the set's categories";
    }

    /** The stage whose activation is the model's logits: its card's last. */
    public String logitsStage() {
        return logitsStage;
    }

    /** This task as JSON (for a model's forked JVM); {@link #fromJson} reads it back exactly. */
    public com.fasterxml.jackson.databind.node.ObjectNode toJson() {
        var o = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
        o.put("model", modelId).put("logits_stage", logitsStage).put("mapped", mapped).put("categories", categories);
        var of = o.putArray("category_of");
        for (int c : categoryOf) {
            of.add(c);
        }
        return o;
    }

    /** The task {@link #toJson} wrote; a missing field is an error that names it. */
    public static ObserverTask fromJson(com.fasterxml.jackson.databind.JsonNode o) throws java.io.IOException {
        for (String f : List.of("model", "logits_stage", "mapped", "categories", "category_of")) {
            if (!o.has(f)) {
                throw new java.io.IOException("task: field '" + f + "' is missing");
            }
        }
        int[] of = new int[o.path("category_of").size()];
        for (int k = 0; k < of.length; k++) {
            of[k] = o.path("category_of").get(k).intValue();
        }
        return new ObserverTask(o.path("model").asText(), o.path("logits_stage").asText(), of,
                o.path("mapped").booleanValue(), o.path("categories").intValue());
    }

    /** True when the model answers by forced choice through its card's mapping. */
    public boolean mapped() {
        return mapped;
    }

    /** How the model answers, for run.json and the report. */
    public String describe() {
        if (!mapped) {
            return "classes equal to the set's categories";
        }
        long used = Arrays.stream(categoryOf).filter(c -> c >= 0).count();
        return "forced choice: " + used + " of " + categoryOf.length + " classes mapped to the set's " + categories
                + " categories";
    }

    /** The set category {@code model} gives each sample of {@code batch}, read at its logits stage. */
    public int[] answer(Model model, Tensor batch) {
        return answers(model.activations(batch, List.of(logitsStage)).get(logitsStage));
    }

    /**
     * The set category each sample of {@code logits} ({@code [n, classes]}) is given: the category of the
     * highest-ranked mapped class. A non-finite logit is an error of the model, never an answer.
     */
    public int[] answers(Tensor logits) {
        int n = logits.batchSize();
        int c = logits.sampleSize();
        if (c != categoryOf.length) {
            throw new ModelException(modelId + " returned " + c + " logits per sample; its card declares "
                    + categoryOf.length + " classes");
        }
        float[] v = logits.toFloatArray();
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int best = -1;
            for (int k = 0; k < c; k++) {
                float x = v[i * c + k];
                if (!Float.isFinite(x)) {
                    throw new ModelException(modelId + " returned a non-finite logit (" + x + ") for sample " + i
                            + ", class " + k);
                }
                if (categoryOf[k] >= 0 && (best < 0 || x > v[i * c + best])) {
                    best = k;
                }
            }
            out[i] = categoryOf[best];
        }
        return out;
    }
}
