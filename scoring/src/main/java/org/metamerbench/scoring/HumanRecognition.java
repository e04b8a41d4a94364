package org.metamerbench.scoring;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.metamerbench.datasets.human.HumanDatasets;
import org.metamerbench.datasets.human.Trial;
import org.metamerbench.datasets.human.TrialFile;

/**
 * Human recognition of a run's metamers from stored trial-level judgments (e.g. collected with
 * {@code experiment serve} and added with {@code experiment import}): per generator x stage, the mean
 * over participants of each participant's proportion correct (+- SEM), and the generator's human
 * recognisability, normalised between chance and the same participants' accuracy on natural
 * stimuli, with a bootstrap SE over participants. Participants below the catch-trial threshold are
 * left out and listed.
 */
public final class HumanRecognition {
    public static final double CATCH_THRESHOLD = 0.75;
    private static final int BOOTSTRAP = 500;

    /** participant -> condition ("generator/stage" or "natural") -> {correct, trials}. */
    private final Map<String, Map<String, int[]>> perParticipant;
    private final Map<String, Double> excluded;
    private final Map<Path, IOException> refused;

    private HumanRecognition(Map<String, Map<String, int[]>> perParticipant, Map<String, Double> excluded,
            Map<Path, IOException> refused) {
        this.perParticipant = perParticipant;
        this.excluded = excluded;
        this.refused = refused;
    }

    /** Loads every {@code *.trials.csv} of a folder; invalid files are refused (see {@link #refused()}). */
    public static HumanRecognition load(Path dir) throws IOException {
        HumanDatasets.Loaded loaded = HumanDatasets.load(dir, null);
        List<Trial> all = new ArrayList<>();
        loaded.trials().values().forEach(all::addAll);
        return of(all, loaded.refused());
    }

    public static HumanRecognition of(List<Trial> trials, Map<Path, IOException> refused) {
        Map<String, Double> excluded = TrialFile.failingCatchTrials(trials, CATCH_THRESHOLD);
        Map<String, Map<String, int[]>> per = new LinkedHashMap<>();
        for (Trial t : trials) {
            String p = t.experiment() + "/" + t.participant();
            if (excluded.containsKey(p) || t.catchTrial()) {
                continue;
            }
            int[] c = per.computeIfAbsent(p, k -> new HashMap<>()).computeIfAbsent(t.condition(), k -> new int[2]);
            c[0] += t.correct() ? 1 : 0;
            c[1]++;
        }
        return new HumanRecognition(per, excluded, refused);
    }

    public Map<String, Double> excludedParticipants() {
        return excluded;
    }

    public Map<Path, IOException> refused() {
        return refused;
    }

    /** Participants with at least one trial of {@code generator}. */
    public Set<String> participants(String generator) {
        Set<String> out = new TreeSet<>();
        perParticipant.forEach((p, conds) -> {
            if (conds.keySet().stream().anyMatch(c -> c.startsWith(generator + "/"))) {
                out.add(p);
            }
        });
        return out;
    }

    /** People's accuracy on the natural stimuli (natural trials that are not catch trials), mean over participants; NaN where none. */
    public double naturalAccuracy() {
        double[] v = shares(Trial.NATURAL, new ArrayList<>(perParticipant.keySet()));
        return v.length == 0 ? Double.NaN : Stats.mean(v);
    }

    /** The standard error of {@link #naturalAccuracy()} over participants; NaN with fewer than two. */
    public double naturalAccuracySem() {
        double[] v = shares(Trial.NATURAL, new ArrayList<>(perParticipant.keySet()));
        return v.length < 2 ? Double.NaN : Stats.sem(v);
    }

    public boolean covers(String generator) {
        return !participants(generator).isEmpty();
    }

    /** stage -> {mean, SEM, participants} for the stages of {@code generator} with human data. */
    public Map<String, double[]> byStage(String generator, List<String> stages) {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (String s : stages) {
            double[] v = shares(generator + "/" + s, new ArrayList<>(perParticipant.keySet()));
            if (v.length > 0) {
                out.put(s, new double[] {Stats.mean(v), Stats.sem(v), v.length});
            }
        }
        return out;
    }

    private double[] shares(String condition, List<String> participants) {
        List<Double> v = new ArrayList<>();
        for (String p : participants) {
            int[] c = perParticipant.getOrDefault(p, Map.of()).get(condition);
            if (c != null && c[1] > 0) {
                v.add((double) c[0] / c[1]);
            }
        }
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** {recognisability, bootstrap SE over participants}; NaN where not covered. */
    public double[] recognisability(String generator, List<String> stages, double chance) {
        List<String> ps = new ArrayList<>(participants(generator));
        if (ps.isEmpty()) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double point = recognisability(generator, stages, chance, ps);
        SplittableRandom rnd = new SplittableRandom(1);
        List<Double> reps = new ArrayList<>();
        for (int b = 0; b < BOOTSTRAP; b++) {
            List<String> sample = new ArrayList<>();
            for (int i = 0; i < ps.size(); i++) {
                sample.add(ps.get(rnd.nextInt(ps.size())));
            }
            double v = recognisability(generator, stages, chance, sample);
            if (!Double.isNaN(v)) {
                reps.add(v);
            }
        }
        double se = reps.size() < 2 ? Double.NaN : Stats.sem(reps.stream().mapToDouble(Double::doubleValue).toArray())
                * Math.sqrt(reps.size());
        return new double[] {point, se};
    }

    private double recognisability(String generator, List<String> stages, double chance, List<String> participants) {
        double[] nat = shares(Trial.NATURAL, participants);
        if (nat.length == 0) {
            return Double.NaN;
        }
        double pNat = Stats.mean(nat);
        double sum = 0;
        int n = 0;
        for (String s : stages) {
            if (s.equals("input")) {
                continue;
            }
            double[] v = shares(generator + "/" + s, participants);
            double r = v.length == 0 ? Double.NaN : StageScore.normalise(Stats.mean(v), pNat, chance);
            if (!Double.isNaN(r)) {
                sum += r;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }
}
