package org.metamerbench.datasets.human;

import org.metamerbench.datasets.csv.StrictCsv;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The per-participant summary form of human judgments: participant x condition proportions correct.
 * Same columns as the published data of Feather et al. 2023 ({@code human_recognition.csv}).
 */
public final class SummaryFile {
    public static final List<String> HEADER = List.of("modality", "experiment", "generating_model", "stage",
            "participant", "observer", "proportion_correct");
    static final Set<String> MODALITIES = Set.of("image", "audio");
    static final Set<String> OBSERVERS = Set.of(ConditionScore.HUMAN, "generating_network");

    private SummaryFile() {
    }

    public static List<ConditionScore> read(Path file) throws IOException {
        StrictCsv csv = new StrictCsv(file, HEADER);
        List<ConditionScore> out = new ArrayList<>();
        Map<String, Long> seen = new HashMap<>();
        for (StrictCsv.Row r : csv.rows()) {
            String modality = r.text("modality");
            if (!MODALITIES.contains(modality)) {
                r.problem("modality", "'" + modality + "' is not one of " + MODALITIES);
            }
            String experiment = r.text("experiment");
            String generator = r.text("generating_model");
            String stage = r.text("stage");
            String participant = r.text("participant");
            String observer = r.text("observer");
            if (!OBSERVERS.contains(observer)) {
                r.problem("observer", "'" + observer + "' is not one of " + OBSERVERS);
            }
            double p = r.number("proportion_correct", 0, 1);
            String key = String.join("\u0000", modality, experiment, generator, stage, participant, observer);
            Long earlier = seen.putIfAbsent(key, r.line);
            if (earlier != null) {
                r.problem("participant", "duplicate: participant " + participant + " already has a score for "
                        + generator + " / " + stage + " in experiment " + experiment + " (line " + earlier + ")");
            }
            out.add(new ConditionScore(modality, experiment, generator, stage, participant, observer, p));
        }
        csv.throwIfProblems();
        return out;
    }

    /**
     * The summary form of trial-level data: each participant's proportion correct per condition
     * (catch trials count for the natural condition of the generator they interleave, so they are
     * listed under {@code natural}), leaving out {@code excluded} participants.
     */
    public static List<ConditionScore> summarise(List<Trial> trials, String modality, Set<String> excluded) {
        Map<String, int[]> counts = new LinkedHashMap<>();
        Map<String, Trial> first = new HashMap<>();
        for (Trial t : trials) {
            if (excluded.contains(t.experiment() + "/" + t.participant())) {
                continue;
            }
            String key = t.experiment() + "\u0000" + t.participant() + "\u0000" + t.condition();
            int[] c = counts.computeIfAbsent(key, k -> new int[2]);
            c[0] += t.correct() ? 1 : 0;
            c[1]++;
            first.putIfAbsent(key, t);
        }
        List<ConditionScore> out = new ArrayList<>();
        counts.forEach((key, c) -> {
            Trial t = first.get(key);
            out.add(new ConditionScore(modality, t.experiment(), t.natural() ? Trial.NATURAL : t.generator(),
                    t.natural() ? Trial.NATURAL : t.stage(), t.participant(), ConditionScore.HUMAN,
                    (double) c[0] / c[1]));
        });
        return out;
    }
}
