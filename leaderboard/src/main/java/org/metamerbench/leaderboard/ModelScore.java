package org.metamerbench.leaderboard;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.metamerbench.reports.StageScore;

/**
 * A generator's summary score: the recognisability of its metamers by other models, averaged over
 * its stages past the input, and the idiosyncrasy {@code 1 - recognisability}.
 *
 * @param stagesScored stages with accepted metamers (the only ones that can be scored)
 * @param stagesTotal  stages past the input that were run
 */
public record ModelScore(String generator, double recognisability, double idiosyncrasy, int stagesScored,
        int stagesTotal) {

    public static List<ModelScore> of(List<StageScore> stages, double chance) {
        Map<String, List<StageScore>> byGenerator = new LinkedHashMap<>();
        for (StageScore s : stages) {
            if (!s.stage().equals("input")) {
                byGenerator.computeIfAbsent(s.generator(), k -> new ArrayList<>()).add(s);
            }
        }
        List<ModelScore> out = new ArrayList<>();
        for (Map.Entry<String, List<StageScore>> e : byGenerator.entrySet()) {
            double sum = 0;
            int n = 0;
            for (StageScore s : e.getValue()) {
                double r = s.crossRecognisability(chance);
                if (!Double.isNaN(r)) {
                    sum += r;
                    n++;
                }
            }
            double rec = n == 0 ? Double.NaN : sum / n;
            out.add(new ModelScore(e.getKey(), rec, 1 - rec, n, e.getValue().size()));
        }
        return out;
    }
}
