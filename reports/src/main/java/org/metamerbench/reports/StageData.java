package org.metamerbench.reports;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.metamerbench.datasets.results.MetamerRow;
import org.metamerbench.datasets.results.NaturalRow;
import org.metamerbench.datasets.results.RecognitionRow;

/**
 * The per-stimulus record of one generator x stage, from which every score and its bootstrap are
 * computed: for stimulus i of the run, whether a metamer was made and accepted, whether the generator
 * recognised it, the share of the other observers that did, and the share of the same observers that
 * recognised the natural stimulus. Arrays follow the run's stimulus order, so all stages of a run can
 * be resampled with the same weights (a bootstrap over stimuli), and p_natural is always taken over
 * the stimuli that p is taken over, in every resample.
 *
 * @param stimuli      the run's stimulus ids (every stage of a run shares this list)
 * @param present      a metamer of stimulus i was made at this stage
 * @param accepted     it passed both acceptance criteria
 * @param self         1 or 0: the generator labels the accepted metamer correctly; NaN if not accepted
 * @param cross        mean over the other observers of 1/0 correct; NaN if not accepted or no observers
 * @param natural      mean over the same observers of 1/0 correct on natural stimulus i; NaN where
 *                     {@code cross} is NaN
 * @param observers    the other observers (the panel's observers but the generator)
 */
public record StageData(String generator, String stage, List<String> stimuli, boolean[] present, boolean[] accepted,
        double[] self, double[] cross, double[] natural, List<String> observers) {

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
        double num = 0;
        double den = 0;
        for (int i = 0; i < present.length; i++) {
            if (present[i]) {
                double wi = w == null ? 1 : w[i];
                den += wi;
                num += accepted[i] ? wi : 0;
            }
        }
        return den == 0 ? Double.NaN : num / den;
    }

    /** Generator's own recognition of its accepted metamers. */
    public double selfRecognition(int[] w) {
        return acceptedMean(self, w);
    }

    /** Mean over the other observers of their recognition of the accepted metamers. */
    public double crossRecognition(int[] w) {
        return acceptedMean(cross, w);
    }

    /** The same observers' accuracy on the natural stimuli of the accepted metamers, weighted as {@code w}. */
    public double crossNatural(int[] w) {
        return acceptedMean(natural, w);
    }

    /** {@link #crossNatural(int[])} on the run's own sample. */
    public double crossNatural() {
        return crossNatural(null);
    }

    /**
     * {@link #crossRecognition} normalised between chance and the same observers' accuracy on the same
     * natural stimuli, clipped to [0, 1]; NaN when the stage is not {@link #scored()}.
     */
    public double recognisability(int[] w, double chance) {
        if (!scored()) {
            return Double.NaN;
        }
        return StageScore.normalise(crossRecognition(w), crossNatural(w), chance);
    }

    private double acceptedMean(double[] values, int[] w) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < values.length; i++) {
            if (accepted[i] && !Double.isNaN(values[i])) {
                double wi = w == null ? 1 : w[i];
                den += wi;
                num += wi * values[i];
            }
        }
        return den == 0 ? Double.NaN : num / den;
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
            double[] crossSum = new double[n];
            double[] naturalSum = new double[n];
            int[] crossCount = new int[n];
            Arrays.fill(self, Double.NaN);
            Set<String> others = new LinkedHashSet<>();
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
                Boolean nat = naturalCorrect.getOrDefault(r.observer(), Map.of()).get(r.stimulusId());
                if (nat == null) {
                    continue; // an observer without its natural answer cannot be normalised
                }
                others.add(r.observer());
                crossSum[i] += r.correct() ? 1 : 0;
                naturalSum[i] += nat ? 1 : 0;
                crossCount[i]++;
            }
            double[] cross = new double[n];
            double[] nat = new double[n];
            for (int i = 0; i < n; i++) {
                cross[i] = crossCount[i] == 0 ? Double.NaN : crossSum[i] / crossCount[i];
                nat[i] = crossCount[i] == 0 ? Double.NaN : naturalSum[i] / crossCount[i];
            }
            out.add(new StageData(generator, stage, ids, present, accepted, self, cross, nat, List.copyOf(others)));
        }
        return out;
    }

    static String key(String generator, String stage) {
        return generator + "\u0000" + stage;
    }
}
