package org.metamerbench.runner.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.metamerbench.api.Model;
import org.metamerbench.api.Tensor;
import org.metamerbench.datasets.results.NaturalRow;
import org.metamerbench.datasets.results.RecognitionRow;

/**
 * The observation parts of a run: each panel model's class of the natural stimuli (once per run), and
 * of each job's metamers. An observer that fails fails its own recognition, not the generator's job.
 */
final class Observe {
    private Observe() {
    }

    /** The panel's classes of the natural stimuli: predictions by observer, and the rows of natural.csv. */
    record Natural(Map<String, int[]> predictions, List<NaturalRow> rows) {
    }

    static Natural natural(RunPlan plan, ModelPool models) {
        Map<String, int[]> predictions = new LinkedHashMap<>();
        List<NaturalRow> rows = new ArrayList<>();
        for (String observer : plan.panel()) {
            Model m = models.open(observer);
            if (m == null) {
                continue;
            }
            try {
                int[] pred = plan.tasks().get(observer).answer(m, plan.stimuli());
                predictions.put(observer, pred);
                for (int i = 0; i < plan.ids().size(); i++) {
                    rows.add(new NaturalRow(observer, plan.ids().get(i), plan.labels()[i], pred[i]));
                }
            } catch (RuntimeException e) {
                models.failed(observer, "classifying natural stimuli failed: " + e);
            }
        }
        return new Natural(predictions, rows);
    }

    /**
     * Every panel model that classified the natural stimuli classifies the metamers of generator
     * {@code g} at {@code stage} (the generator's own classes are {@code generatorClasses}); observers
     * that fail here are returned with the reason.
     */
    static List<RecognitionRow> metamers(RunPlan plan, ModelPool models, Natural natural, String g, String stage,
            Tensor metamers, int[] generatorClasses, boolean[] accepted, Map<String, String> failures,
            Consumer<String> log) {
        List<RecognitionRow> rows = new ArrayList<>();
        for (String observer : plan.panel()) {
            if (!natural.predictions().containsKey(observer)) {
                continue; // failed observer: recorded in run.json
            }
            int[] pred;
            try {
                pred = observer.equals(g) ? generatorClasses
                        : plan.tasks().get(observer).answer(models.open(observer), metamers);
            } catch (RuntimeException e) {
                String reason = "recognition of " + g + " x " + stage + " failed: " + e.getMessage();
                failures.put(observer, reason);
                models.failed(observer, reason);
                log.accept("observer " + observer + " failed on " + g + " x " + stage + ": " + e.getMessage());
                continue;
            }
            for (int i = 0; i < plan.ids().size(); i++) {
                rows.add(new RecognitionRow(g, stage, plan.ids().get(i), plan.labels()[i], observer, pred[i],
                        accepted[i]));
            }
        }
        return rows;
    }
}
