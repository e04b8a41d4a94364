package org.metamerbench.scoring;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.metamerbench.results.MetamerRow;
import org.metamerbench.results.NaturalRow;
import org.metamerbench.results.RecognitionRow;

/**
 * The per-stimulus, per-observer record of one generator x stage, from which every score and its bootstrap are
 * computed: for stimulus i of the run, whether a metamer was made and accepted, whether the generator recognised
 * it, whether each scoring observer did, and whether that observer recognised the natural stimulus. Arrays follow
 * the run's stimulus order, so all stages of a run can be resampled with the same weights, and p_natural is always
 * taken over the stimuli and observers that p is taken over, in every resample ({@link Resample}).
 *
 * @param stimuli         the run's stimulus ids (every stage of a run shares this list)
 * @param present         a metamer of stimulus i was made at this stage
 * @param accepted        it passed both acceptance criteria
 * @param self            1 or 0: the generator labels the accepted metamer correctly; NaN if not accepted
 * @param observers       the observers that score this generator (the reference panel but the generator and
 *                        the observers of its family, {@link Kinship})
 * @param observed        {@code observed[o][i]}: 1 or 0, observer o labels accepted metamer i correctly; NaN if
 *                        not accepted or not observed
 * @param observedNatural {@code observedNatural[o][i]}: 1 or 0, observer o labels natural stimulus i correctly;
 *                        NaN where {@code observed[o][i]} is
 */
public record StageData(String generator, String stage, List<String> stimuli, boolean[] present, boolean[] accepted,
        double[] self, List<String> observers, double[][] observed, double[][] observedNatural) {

    /**
     * A stage is scored only if at least this share of the run's stimuli has an accepted metamer there:
     * a score from a few metamers that happened to pass (or from the easy stimuli alone) would say
     * little about the stage and could be had by failing to synthesise the rest.
     */
    public static final double MIN_ACCEPTED_SHARE = 0.5;

    public int size() {
        return stimuli.size();
    }

    public int made() {
        int n = 0;
        for (boolean p : present) {
            n += p ? 1 : 0;
        }
        return n;
    }

    public int acceptedCount() {
        int n = 0;
        for (boolean a : accepted) {
            n += a ? 1 : 0;
        }
        return n;
    }

    /** Whether the stage has enough accepted metamers to be scored ({@link #MIN_ACCEPTED_SHARE} of the stimuli). */
    public boolean scored() {
        int a = acceptedCount();
        return a > 0 && a >= MIN_ACCEPTED_SHARE * size();
    }

    /** Why the stage is not scored, or null when it is. */
    public String notScoredReason() {
        if (scored()) {
            return null;
        }
        return String.format(java.util.Locale.ROOT, "%d of %d stimuli have an accepted metamer at %s, below the "
                + "minimum of %.0f%%", acceptedCount(), size(), stage, 100 * MIN_ACCEPTED_SHARE);
    }

    /** Share of made metamers that were accepted, each stimulus counted {@code w[i]} times (null: once). */
    public double passRate(int[] w) {
        return passRate(Resample.ofStimuli(w));
    }

    public double passRate(Resample r) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < present.length; i++) {
            if (present[i]) {
                double wi = r.stimulus(i);
                den += wi;
                num += accepted[i] ? wi : 0;
            }
        }
        return den == 0 ? Double.NaN : num / den;
    }

    /** Generator's own recognition of its accepted metamers. */
    public double selfRecognition(int[] w) {
        return selfRecognition(Resample.ofStimuli(w));
    }

    public double selfRecognition(Resample r) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < self.length; i++) {
            if (accepted[i] && !Double.isNaN(self[i])) {
                double wi = r.stimulus(i);
                den += wi;
                num += wi * self[i];
            }
        }
        return den == 0 ? Double.NaN : num / den;
    }

    /** Mean over the scoring observers of their recognition of the accepted metamers. */
    public double crossRecognition(int[] w) {
        return crossRecognition(Resample.ofStimuli(w));
    }

    public double crossRecognition(Resample r) {
        return observerMean(observed, r);
    }

    /** The same observers' accuracy on the natural stimuli of the accepted metamers, weighted as {@code w}. */
    public double crossNatural(int[] w) {
        return crossNatural(Resample.ofStimuli(w));
    }

    public double crossNatural(Resample r) {
        return observerMean(observedNatural, r);
    }

    /** {@link #crossNatural(Resample)} on the run's own sample. */
    public double crossNatural() {
        return crossNatural(Resample.NONE);
    }

    /** Per stimulus, the mean over the scoring observers of 1/0 correct on its accepted metamer; NaN where none. */
    public double[] cross() {
        return perStimulus(observed);
    }

    /** Per stimulus, the same observers' mean accuracy on the natural stimulus; NaN where {@link #cross()} is. */
    public double[] natural() {
        return perStimulus(observedNatural);
    }

    /**
     * {@link #crossRecognition} normalised between chance and the same observers' accuracy on the same
     * natural stimuli, clipped to [0, 1]; NaN when the stage is not {@link #scored()}.
     */
    public double recognisability(int[] w, double chance) {
        return recognisability(Resample.ofStimuli(w), chance);
    }

    public double recognisability(Resample r, double chance) {
        if (!scored()) {
            return Double.NaN;
        }
        return StageScore.normalise(crossRecognition(r), crossNatural(r), chance);
    }

    /**
     * The mean over accepted stimuli (weighted by the resample) of the mean over observers (weighted by the
     * resample) of {@code values[o][i]}; a stimulus none of whose observers was drawn does not count.
     */
    private double observerMean(double[][] values, Resample r) {
        double[] v = new double[observers.size()];
        for (int o = 0; o < v.length; o++) {
            v[o] = r.observer(observers.get(o));
        }
        double num = 0;
        double den = 0;
        for (int i = 0; i < accepted.length; i++) {
            if (!accepted[i]) {
                continue;
            }
            double s = 0;
            double d = 0;
            for (int o = 0; o < v.length; o++) {
                double x = values[o][i];
                if (v[o] > 0 && !Double.isNaN(x)) {
                    s += v[o] * x;
                    d += v[o];
                }
            }
            if (d > 0) {
                double wi = r.stimulus(i);
                num += wi * s / d;
                den += wi;
            }
        }
        return den == 0 ? Double.NaN : num / den;
    }

    private double[] perStimulus(double[][] values) {
        double[] out = new double[size()];
        for (int i = 0; i < out.length; i++) {
            double s = 0;
            int d = 0;
            for (double[] row : values) {
                if (!Double.isNaN(row[i])) {
                    s += row[i];
                    d++;
                }
            }
            out[i] = d == 0 ? Double.NaN : s / d;
        }
        return out;
    }

    /** The observers that score any of {@code stages}, in order of appearance: the list a bootstrap resamples. */
    public static List<String> observersOf(java.util.Collection<StageData> stages) {
        Set<String> all = new LinkedHashSet<>();
        stages.forEach(s -> all.addAll(s.observers()));
        return List.copyOf(all);
    }

    /**
     * Builds the records of every generator x stage in {@code metamers}, in their order of appearance.
     *
     * @param stimuli the run's stimulus order; null to take it from the order of {@code metamers}
     * @param panel   the observers whose recognition is scored (the run's reference panel); null: every
     *                observer of the run
     */
    public static List<StageData> of(List<MetamerRow> metamers, List<RecognitionRow> recognition,
            List<NaturalRow> natural, List<String> stimuli, java.util.Collection<String> panel) {
        return of(metamers, recognition, natural, stimuli, panel, Kinship.none());
    }

    /**
     * As {@link #of(List, List, List, List, java.util.Collection)}, leaving out of each generator's record the
     * observers {@code kinship} leaves out of its score (its family, {@link Kinship#excluded}).
     */
    public static List<StageData> of(List<MetamerRow> metamers, List<RecognitionRow> recognition,
            List<NaturalRow> natural, List<String> stimuli, java.util.Collection<String> panel,
            Kinship kinship) {
        List<String> ids;
        if (stimuli == null) {
            Set<String> seen = new LinkedHashSet<>();
            metamers.forEach(m -> seen.add(m.stimulusId()));
            ids = List.copyOf(seen);
        } else {
            ids = List.copyOf(stimuli);
        }
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            index.put(ids.get(i), i);
        }
        Map<String, Map<String, Boolean>> naturalCorrect = new HashMap<>();
        for (NaturalRow n : natural) {
            naturalCorrect.computeIfAbsent(n.observer(), k -> new HashMap<>()).put(n.stimulusId(), n.correct());
        }
        Map<String, List<MetamerRow>> jobs = new LinkedHashMap<>();
        for (MetamerRow m : metamers) {
            jobs.computeIfAbsent(key(m.generator(), m.stage()), k -> new ArrayList<>()).add(m);
        }
        Map<String, List<RecognitionRow>> recByJob = new HashMap<>();
        for (RecognitionRow r : recognition) {
            recByJob.computeIfAbsent(key(r.generator(), r.stage()), k -> new ArrayList<>()).add(r);
        }
        List<StageData> out = new ArrayList<>();
        for (Map.Entry<String, List<MetamerRow>> job : jobs.entrySet()) {
            List<MetamerRow> rows = job.getValue();
            String generator = rows.get(0).generator();
            String stage = rows.get(0).stage();
            int n = ids.size();
            boolean[] present = new boolean[n];
            boolean[] accepted = new boolean[n];
            for (MetamerRow m : rows) {
                Integer i = index.get(m.stimulusId());
                if (i == null) {
                    throw new IllegalArgumentException("metamer of " + generator + " x " + stage + " for stimulus "
                            + m.stimulusId() + ", which is not one of the run's stimuli");
                }
                present[i] = true;
                accepted[i] = m.accepted();
            }
            double[] self = new double[n];
            Arrays.fill(self, Double.NaN);
            Set<String> leftOut = kinship.excluded(generator);
            Map<String, double[][]> byObserver = new LinkedHashMap<>();
            for (RecognitionRow r : recByJob.getOrDefault(job.getKey(), List.of())) {
                Integer i = index.get(r.stimulusId());
                if (i == null || !accepted[i]) {
                    continue;
                }
                if (r.observer().equals(generator)) {
                    self[i] = r.correct() ? 1 : 0;
                    continue;
                }
                if (panel != null && !panel.contains(r.observer())) {
                    continue; // recognition outside the reference panel is shown, not scored
                }
                if (leftOut.contains(r.observer())) {
                    continue; // an observer of the generator's family: recorded in run.json, never scored
                }
                Boolean nat = naturalCorrect.getOrDefault(r.observer(), Map.of()).get(r.stimulusId());
                if (nat == null) {
                    continue; // an observer without its natural answer cannot be normalised
                }
                double[][] cells = byObserver.computeIfAbsent(r.observer(), k -> {
                    double[][] a = new double[2][n];
                    Arrays.fill(a[0], Double.NaN);
                    Arrays.fill(a[1], Double.NaN);
                    return a;
                });
                cells[0][i] = r.correct() ? 1 : 0;
                cells[1][i] = nat ? 1 : 0;
            }
            List<String> others = List.copyOf(byObserver.keySet());
            double[][] observed = new double[others.size()][];
            double[][] observedNatural = new double[others.size()][];
            for (int o = 0; o < others.size(); o++) {
                observed[o] = byObserver.get(others.get(o))[0];
                observedNatural[o] = byObserver.get(others.get(o))[1];
            }
            out.add(new StageData(generator, stage, ids, present, accepted, self, others, observed, observedNatural));
        }
        return out;
    }

    static String key(String generator, String stage) {
        return generator + "\u0000" + stage;
    }
}
