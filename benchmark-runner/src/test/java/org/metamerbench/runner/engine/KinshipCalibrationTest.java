package org.metamerbench.runner.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.metamerbench.api.Model;
import org.metamerbench.api.ModelCard;
import org.metamerbench.api.Modality;
import org.metamerbench.datasets.StimulusSet;
import org.metamerbench.datasets.StimulusSetLoader;
import org.metamerbench.scoring.ErrorConsistency;
import org.metamerbench.scoring.Kinship;
import org.metamerbench.zoo.ZooProvider;

/**
 * The calibration of the kinship limits ({@link Kinship}), measured on the zoo as a run measures it (the stimulus
 * set and the null pool; every pair and the limits are printed). Images (2,100 trials): each zoo model in turn is
 * treated as an independent submission, the limits are calibrated on the rest of the zoo, and it must not be found
 * kin of any independent panel model. Sounds (300 trials): the two seeds of the word CNN share most of their few
 * errors (kappa 0.83), so only the run's own situation is checked, every word model against the whole word zoo;
 * left out of the panel, one seed would be found kin of the other at the limits the remaining, less alike pairs
 * give (a limit of 300 trials, noted in the README).
 */
class KinshipCalibrationTest {
    @Test
    void independentlyTrainedZooModelsNeverReachTheKinshipLimits() throws IOException {
        check(Modality.IMAGE, "fashion-mnist-test-100", "fashion-mnist-train-2000");
        check(Modality.AUDIO, "spoken-words", "spoken-words-pool");
    }

    private static void check(Modality modality, String setName, String poolName) throws IOException {
        StimulusSet set = StimulusSetLoader.loadBuiltin(setName);
        StimulusSet pool = StimulusSetLoader.loadBuiltin(poolName);
        int[] labels = new int[set.size() + pool.size()];
        System.arraycopy(set.labels(), 0, labels, 0, set.size());
        System.arraycopy(pool.labels(), 0, labels, set.size(), pool.size());
        ZooProvider zoo = new ZooProvider();
        Map<String, int[]> answers = new LinkedHashMap<>();
        Map<String, ModelCard> cards = new LinkedHashMap<>();
        for (ModelCard c : zoo.models()) {
            if (c.modality() != modality) {
                continue;
            }
            cards.put(c.id(), c);
            int[] all = new int[labels.length];
            try (Model m = zoo.open(c.id())) {
                int k = 0;
                for (StimulusSet s : List.of(set, pool)) {
                    for (int from = 0; from < s.size(); from += 250) {
                        int[] which = java.util.stream.IntStream.range(from, Math.min(s.size(), from + 250)).toArray();
                        for (int a : argmax(m.logits(s.batch(which)).toFloatArray(), c.numClasses())) {
                            all[k++] = a;
                        }
                    }
                }
            }
            answers.put(c.id(), all);
        }
        List<String> ids = new ArrayList<>(answers.keySet());
        Map<String, org.metamerbench.api.Lineage> lineages = new LinkedHashMap<>();
        cards.forEach((id, c) -> lineages.put(id, c.lineage()));
        StringBuilder table = new StringBuilder();
        for (int i = 0; i < ids.size(); i++) {
            for (int j = i + 1; j < ids.size(); j++) {
                String a = ids.get(i);
                String b = ids.get(j);
                ErrorConsistency e = ErrorConsistency.of(answers.get(a), answers.get(b), labels);
                table.append(String.format(java.util.Locale.ROOT, "%-18s %-18s kappa %.3f agreement %.4f where either "
                        + "errs %.4f%s%n", a, b, e.consistency(), e.agreement(), e.errorAgreement(),
                        org.metamerbench.api.Lineage.kinship(a, lineages.get(a), b,
                                lineages.get(b)) != null ? " (declared family)" : ""));
            }
        }
        Kinship.Limits full = Kinship.calibrate(ids, lineages, answers, labels);
        System.out.printf(java.util.Locale.ROOT, "%s on %s + %s (%d trials):%n%slimits on the whole zoo: kappa %.3f, "
                + "error agreement %.4f (most alike independent pair %s)%n", modality, setName, poolName, labels.length,
                table, full.errorConsistency(), full.errorAgreement(), full.mostAlike());
        List<String> flagged = new ArrayList<>();
        for (String submitted : ids) {
            List<String> panel = modality == Modality.IMAGE ? ids.stream().filter(id -> !id.equals(submitted)).toList()
                    : ids;
            Kinship k = Kinship.measure(List.of(submitted), panel, lineages, answers, labels);
            k.pairs().stream().filter(p -> p.excluded() && p.family() == null)
                    .forEach(p -> flagged.add(submitted + " ~ " + p.observer() + ": " + p.reason()));
        }
        assertTrue(flagged.isEmpty(), modality + ": independently trained zoo models found kin: " + flagged + "\n"
                + table);
    }

    private static int[] argmax(float[] logits, int classes) {
        int[] out = new int[logits.length / classes];
        for (int i = 0; i < out.length; i++) {
            int best = 0;
            for (int k = 1; k < classes; k++) {
                if (logits[i * classes + k] > logits[i * classes + best]) {
                    best = k;
                }
            }
            out[i] = best;
        }
        return out;
    }
}
