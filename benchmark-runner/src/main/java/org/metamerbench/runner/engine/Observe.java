package org.metamerbench.runner.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.metamerbench.api.Model;
import org.metamerbench.api.Tensor;
import org.metamerbench.results.NaturalRow;
import org.metamerbench.results.RecognitionRow;
import org.metamerbench.scoring.Kinship;

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

    /** Trials of the null pool classified at a time when comparing observers ({@link #kinship}). */
    private static final int POOL_BATCH = 250;

    /**
     * How alike each generator's answers and each reference-panel observer's are, and who is left out of whose
     * score ({@link Kinship}): every model that classified the natural stimuli also classifies the null pool, and
     * the two answer lists, stimuli then pool, are compared trial by trial. A model that fails on the pool fails
     * as an observer would, and is compared by its declared lineage alone.
     */
    static Kinship kinship(RunPlan plan, ModelRegistry registry, ModelPool models, Natural natural) {
        org.metamerbench.datasets.StimulusSet pool = plan.pool();
        int n = plan.ids().size();
        int[] labels = new int[n + pool.size()];
        System.arraycopy(plan.labels(), 0, labels, 0, n);
        System.arraycopy(pool.labels(), 0, labels, n, pool.size());
        Map<String, int[]> answers = new LinkedHashMap<>();
        Map<String, org.metamerbench.api.Lineage> lineages = new LinkedHashMap<>();
        List<String> generators = List.copyOf(plan.stages().keySet());
        for (String id : plan.panel()) {
            lineages.put(id, registry.get(id).vouchedLineage());
            int[] onStimuli = natural.predictions().get(id);
            if (onStimuli == null || !(generators.contains(id) || plan.referencePanel().contains(id))) {
                continue;
            }
            try {
                Model m = models.open(id);
                if (m == null) {
                    continue;
                }
                int[] all = java.util.Arrays.copyOf(onStimuli, labels.length);
                for (int from = 0; from < pool.size(); from += POOL_BATCH) {
                    int to = Math.min(pool.size(), from + POOL_BATCH);
                    int[] which = java.util.stream.IntStream.range(from, to).toArray();
                    int[] pred = plan.tasks().get(id).answer(m, pool.batch(which));
                    System.arraycopy(pred, 0, all, n + from, pred.length);
                }
                answers.put(id, all);
            } catch (RuntimeException e) {
                models.failed(id, "classifying the null pool failed: " + e);
            }
        }
        return Kinship.measure(generators, plan.referencePanel(), lineages, answers, labels);
    }

    /**
     * The observer jobs of synthesis job {@code job}: every panel model that classified the natural stimuli
     * classifies the job's metamers (the generator's own classes are {@code generatorClasses}), each
     * observer's classes written as its own part in {@code runDir} ({@link ObserverPart}), and a part that a
     * stopped run left for these metamers and this observer is kept. Observers that fail are returned in
     * {@code failures} with the reason; the others' rows come back in panel order. A damaged part is reported
     * to {@code warning} and classified again.
     */
    static List<RecognitionRow> metamers(RunPlan plan, ModelRegistry registry, ModelPool models, Natural natural,
            Path runDir, RunPlan.Job job, String metamersSha256, Tensor metamers, int[] generatorClasses,
            boolean[] accepted, Map<String, String> failures, Consumer<String> log, Consumer<String> warning)
            throws IOException {
        String g = job.generator();
        String stage = job.stage();
        List<RecognitionRow> rows = new ArrayList<>();
        for (String observer : plan.panel()) {
            if (!natural.predictions().containsKey(observer)) {
                continue; // failed observer: recorded in run.json
            }
            int[] pred;
            if (observer.equals(g)) {
                pred = generatorClasses;
            } else {
                String observerSha = registry.get(observer).contentHash();
                pred = ObserverPart.read(runDir, job, observer, observerSha, metamersSha256, plan.ids(), warning);
                if (pred == null) {
                    try {
                        pred = plan.tasks().get(observer).answer(models.open(observer), metamers);
                    } catch (RuntimeException e) {
                        String reason = "recognition of " + g + " x " + stage + " failed: " + e.getMessage();
                        failures.put(observer, reason);
                        models.failed(observer, reason);
                        log.accept("observer " + observer + " failed on " + g + " x " + stage + ": " + e.getMessage());
                        continue;
                    }
                    ObserverPart.write(runDir, job, observer, observerSha, metamersSha256, plan.ids(), pred);
                } else {
                    log.accept("observer " + observer + " on " + job + ": kept from the stopped run");
                }
            }
            for (int i = 0; i < plan.ids().size(); i++) {
                rows.add(new RecognitionRow(g, stage, plan.ids().get(i), plan.labels()[i], observer, pred[i],
                        accepted[i]));
            }
        }
        return rows;
    }
}
