package org.metamerbench.runner.acceptance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.metamerbench.api.Model;
import org.metamerbench.api.Tensor;
import org.metamerbench.api.harness.SynthesisLoop;
import org.metamerbench.runner.ModelOutputs;
import org.metamerbench.runner.engine.ObserverTask;

/**
 * The acceptance check of the adaptive stopping rule ({@link org.metamerbench.api.harness.StopRule}): an iterate at
 * a plateau is judged exactly as the job's metamers are judged afterwards (the generator's class of the reference
 * kept, each statistic at the stage above the job's threshold, {@link Acceptance#judge}). The final verdict is
 * always the job's own, on the metamer as stored.
 *
 * @param acceptance     the job's thresholds
 * @param referenceClass the generator's class of each reference of the batch, in batch order
 * @param task           how the generator answers (its logits stage and its classes' categories)
 */
public record StopCheck(Acceptance acceptance, int[] referenceClass, ObserverTask task)
        implements org.metamerbench.runner.synthesis.MetamerSynthesizer.Judging {

    /** The check of references {@code from} to {@code to} of this one. */
    public StopCheck slice(int from, int to) {
        return new StopCheck(acceptance, Arrays.copyOfRange(referenceClass, from, to), task);
    }

    /**
     * The loop's check for {@code model} at {@code stage}, with the references' activations there ({@code ref},
     * {@code units} values per reference, batch order): one forward pass of the iterates to the stage and the logits.
     */
    @Override
    public SynthesisLoop.Check over(Model model, String stage, float[] ref, int units) {
        if (ref.length != units * referenceClass.length) {
            throw new IllegalArgumentException(ref.length / Math.max(1, units) + " references for "
                    + referenceClass.length + " reference classes");
        }
        String logits = task.logitsStage();
        return (samples, iterates) -> {
            List<String> stages = stage.equals(logits) ? List.of(stage) : List.of(stage, logits);
            Map<String, Tensor> acts = model.activations(iterates, stages);
            String id = model.card().id();
            float[] a = ModelOutputs.requireFinite(acts.get(stage), id + "'s activation of iterates at " + stage)
                    .toFloatArray();
            int[] cls = task.answers(acts.get(logits));
            boolean[] out = new boolean[samples.length];
            for (int k = 0; k < samples.length; k++) {
                int i = samples[k];
                out[k] = acceptance.judge(Arrays.copyOfRange(ref, i * units, (i + 1) * units),
                        Arrays.copyOfRange(a, k * units, (k + 1) * units), referenceClass[i], cls[k]).accepted();
            }
            return out;
        };
    }

    /** What decides the check, for the synthesis cache's key: the thresholds to the last bit and the task. */
    public String keyText() {
        return String.format(Locale.ROOT, "spearman %s, pearson %s, snr_db %s; task %s",
                Double.toString(acceptance.spearman()), Double.toString(acceptance.pearson()),
                Double.toString(acceptance.snrDb()), task.toJson());
    }

    /** This check as JSON, for a model's forked JVM; {@link #fromJson} reads it back exactly. */
    public ObjectNode toJson() {
        ObjectNode o = JSON.createObjectNode();
        o.put("spearman", acceptance.spearman()).put("pearson", acceptance.pearson());
        // JSON has no infinity: the SNR threshold is written as text.
        o.put("snr_db", Double.toString(acceptance.snrDb()));
        var classes = o.putArray("reference_class");
        for (int c : referenceClass) {
            classes.add(c);
        }
        o.set("task", task.toJson());
        return o;
    }

    public static StopCheck fromJson(JsonNode o) throws IOException {
        for (String f : List.of("spearman", "pearson", "snr_db", "reference_class", "task")) {
            if (!o.has(f)) {
                throw new IOException("stop check: field '" + f + "' is missing");
            }
        }
        List<Integer> classes = new ArrayList<>();
        o.path("reference_class").forEach(c -> classes.add(c.intValue()));
        return new StopCheck(new Acceptance(o.path("spearman").doubleValue(), o.path("pearson").doubleValue(),
                Double.parseDouble(o.path("snr_db").asText())), classes.stream().mapToInt(Integer::intValue).toArray(),
                ObserverTask.fromJson(o.path("task")));
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
}
