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
 * recognised it, and the share of the other observers that did. Arrays follow the run's stimulus
 * order, so all stages of a run can be resampled with the same weights (a bootstrap over stimuli).
 *
 * @param stimuli      the run's stimulus ids (every stage of a run shares this list)
 * @param present      a metamer of stimulus i was made at this stage
 * @param accepted     it passed both acceptance criteria
 * @param self         1 or 0: the generator labels the accepted metamer correctly; NaN if not accepted
 * @param cross        mean over the other observers of 1/0 correct; NaN if not accepted or no observers
 * @param observers    the other observers (all observers but the generator)
 * @param crossNatural the other observers' mean accuracy on the natural stimuli of this stage
 */
public record StageData(String generator, String stage, List<String> stimuli, boolean[] present, boolean[] accepted,
        double[] self, double[] cross, List<String> observers, double crossNatural) {

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

    /** {@link #crossRecognition} normalised between chance and the observers' natural accuracy, clipped to [0, 1]. */
    public double recognisability(int[] w, double chance) {
        return StageScore.normalise(crossRecognition(w), crossNatural, chance);
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
     */
    public static List<StageData> of(List<MetamerRow> metamers, List<RecognitionRow> recognition,
            List<NaturalRow> natural, List<String> stimuli) {
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
                } else {
                    others.add(r.observer());
                    crossSum[i] += r.correct() ? 1 : 0;
                    crossCount[i]++;
                }
            }
            double[] cross = new double[n];
            for (int i = 0; i < n; i++) {
                cross[i] = crossCount[i] == 0 ? Double.NaN : crossSum[i] / crossCount[i];
            }
            double nat = Double.NaN;
            if (!others.isEmpty()) {
                double sum = 0;
                int counted = 0;
                for (String o : others) {
                    double acc = share(naturalCorrect.getOrDefault(o, Map.of()), ids, present);
                    if (!Double.isNaN(acc)) {
                        sum += acc;
                        counted++;
                    }
                }
                nat = counted == 0 ? Double.NaN : sum / counted;
            }
            out.add(new StageData(generator, stage, ids, present, accepted, self, cross, List.copyOf(others), nat));
        }
        return out;
    }

    private static double share(Map<String, Boolean> correct, List<String> ids, boolean[] present) {
        int n = 0;
        int c = 0;
        for (int i = 0; i < ids.size(); i++) {
            Boolean b = present[i] ? correct.get(ids.get(i)) : null;
            if (b != null) {
                n++;
                c += b ? 1 : 0;
            }
        }
        return n == 0 ? Double.NaN : (double) c / n;
    }

    static String key(String generator, String stage) {
        return generator + "\u0000" + stage;
    }
}
