package org.metamerbench.reports;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.metamerbench.datasets.results.MetamerRow;
import org.metamerbench.datasets.results.NaturalRow;
import org.metamerbench.datasets.results.RecognitionRow;

/**
 * Scores of a run from its stored rows: pass rate, self recognition and cross-model recognition per
 * generator x stage, with standard errors from a bootstrap over stimuli (the accepted metamers of a
 * stage are resampled with replacement; every observer is scored on the same resample).
 */
public final class Scoring {
    private Scoring() {
    }

    public static List<StageScore> score(List<MetamerRow> metamers, List<RecognitionRow> recognition,
            List<NaturalRow> natural, int bootstrapSamples, long seed) {
        Map<String, Map<String, Boolean>> naturalCorrect = new HashMap<>();
        for (NaturalRow n : natural) {
            naturalCorrect.computeIfAbsent(n.observer(), k -> new HashMap<>()).put(n.stimulusId(), n.correct());
        }
        // generator|stage -> stimulus -> observer -> correct
        Map<String, Map<String, Map<String, Boolean>>> byJob = new LinkedHashMap<>();
        for (RecognitionRow r : recognition) {
            if (r.accepted()) {
                byJob.computeIfAbsent(r.generator() + "|" + r.stage(), k -> new LinkedHashMap<>())
                        .computeIfAbsent(r.stimulusId(), k -> new LinkedHashMap<>())
                        .put(r.observer(), r.correct());
            }
        }
        Map<String, List<MetamerRow>> jobs = new LinkedHashMap<>();
        for (MetamerRow m : metamers) {
            jobs.computeIfAbsent(m.generator() + "|" + m.stage(), k -> new ArrayList<>()).add(m);
        }
        List<StageScore> out = new ArrayList<>();
        for (Map.Entry<String, List<MetamerRow>> job : jobs.entrySet()) {
            List<MetamerRow> rows = job.getValue();
            String generator = rows.get(0).generator();
            String stage = rows.get(0).stage();
            List<String> acceptedIds = rows.stream().filter(MetamerRow::accepted).map(MetamerRow::stimulusId).toList();
            Map<String, Map<String, Boolean>> rec = byJob.getOrDefault(job.getKey(), Map.of());
            Set<String> others = new LinkedHashSet<>();
            for (Map<String, Boolean> perObserver : rec.values()) {
                for (String o : perObserver.keySet()) {
                    if (!o.equals(generator)) {
                        others.add(o);
                    }
                }
            }
            double nat = Double.NaN;
            if (!others.isEmpty()) {
                Set<String> stimuli = new LinkedHashSet<>();
                rows.forEach(m -> stimuli.add(m.stimulusId()));
                double sum = 0;
                for (String o : others) {
                    Map<String, Boolean> c = naturalCorrect.getOrDefault(o, Map.of());
                    sum += share(c, new ArrayList<>(stimuli));
                }
                nat = sum / others.size();
            }
            double[] self = estimate(acceptedIds, rec, Set.of(generator), bootstrapSamples, seed);
            double[] cross = estimate(acceptedIds, rec, others, bootstrapSamples, seed);
            out.add(new StageScore(generator, stage, rows.size(), acceptedIds.size(), self[0], self[1], cross[0],
                    cross[1], nat, others.size()));
        }
        return out;
    }

    private static double share(Map<String, Boolean> correct, List<String> ids) {
        int n = 0;
        int c = 0;
        for (String id : ids) {
            Boolean b = correct.get(id);
            if (b != null) {
                n++;
                c += b ? 1 : 0;
            }
        }
        return n == 0 ? Double.NaN : (double) c / n;
    }

    /** {mean over observers of share correct, bootstrap SE}; NaN when nothing to score. */
    static double[] estimate(List<String> ids, Map<String, Map<String, Boolean>> rec, Set<String> observers,
            int samples, long seed) {
        if (ids.isEmpty() || observers.isEmpty()) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double point = meanOverObservers(ids, rec, observers);
        if (samples < 2) {
            return new double[] {point, Double.NaN};
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        double sum = 0;
        double sumSq = 0;
        List<String> resample = new ArrayList<>(ids.size());
        for (int b = 0; b < samples; b++) {
            resample.clear();
            for (int i = 0; i < ids.size(); i++) {
                resample.add(ids.get(rnd.nextInt(ids.size())));
            }
            double v = meanOverObservers(resample, rec, observers);
            sum += v;
            sumSq += v * v;
        }
        double mean = sum / samples;
        double var = Math.max(0, (sumSq - samples * mean * mean) / (samples - 1));
        return new double[] {point, Math.sqrt(var)};
    }

    private static double meanOverObservers(List<String> ids, Map<String, Map<String, Boolean>> rec,
            Set<String> observers) {
        double total = 0;
        int counted = 0;
        for (String o : observers) {
            int n = 0;
            int c = 0;
            for (String id : ids) {
                Boolean b = rec.getOrDefault(id, Map.of()).get(o);
                if (b != null) {
                    n++;
                    c += b ? 1 : 0;
                }
            }
            if (n > 0) {
                total += (double) c / n;
                counted++;
            }
        }
        return counted == 0 ? Double.NaN : total / counted;
    }
}
