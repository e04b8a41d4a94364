package org.metamerbench.scoring;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.metamerbench.api.Lineage;
import org.metamerbench.results.RunRecord;

/**
 * Which panel observers may score a generator. An observer of the generator's family (declared by the models'
 * {@link Lineage}) or one whose answers to the natural stimuli agree with the generator's more than independently
 * trained panel models agree with each other (a copy or fine-tune that no declaration names) recognises the
 * generator's metamers through shared weights, not shared invariances, and is left out of the generator's score,
 * with the reason.
 *
 * <p>The limits are calibrated in every run, on the same trials (the stimulus set and the null pool): over the
 * pairs of reference-panel models that their lineage declares independent, the largest error consistency K and
 * the largest error agreement A (identical answers among the trials at least one of the two gets wrong; plain
 * agreement says nothing between two observers that are always right). A pair is undeclared kin when its error
 * consistency reaches K + (1 - K) / 2 or its error agreement reaches A + (1 - A) / 2: it closes at least half of
 * what separates the most alike independent models from a copy. A pair that makes no error gives no evidence and
 * is not found kin by its answers. With no independent pair to calibrate on, the limits are
 * {@link #DEFAULT_ERROR_CONSISTENCY} and {@link #DEFAULT_ERROR_AGREEMENT}.
 */
public final class Kinship {
    /** The error-consistency limit where no independent panel pair calibrates one. */
    public static final double DEFAULT_ERROR_CONSISTENCY = 0.80;
    /** The error-agreement limit where no independent panel pair calibrates one. */
    public static final double DEFAULT_ERROR_AGREEMENT = 0.90;

    /** The rule as run.json and the report state it. */
    public static final String RULE = "an observer is left out of a generator's score when the two are one family by "
            + "the lineage the harness recorded for its own models (one initialised from the other, both from the same model, or the same training "
            + "seed on the same data), or when, on the natural stimuli of the stimulus set and the null pool, their "
            + "error consistency (Cohen's kappa of trial-by-trial correctness, Geirhos et al. 2020) or their error "
            + "agreement (identical answers among the trials at least one of them gets wrong) closes at least half of "
            + "the gap between the most alike independently trained panel models of the run and a copy "
            + "(K + (1 - K) / 2, A + (1 - A) / 2)";

    /** One generator x observer comparison. */
    public record Pair(String generator, String observer, int items, double agreement, double consistency,
            double errorAgreement, String family, String reason) {
        public boolean excluded() {
            return reason != null;
        }
    }

    /**
     * The limits a run used and what they were calibrated on.
     *
     * @param pairs      independent panel pairs measured (0: the defaults)
     * @param mostAlike  the independent pair with the largest error consistency, e.g. {@code cnn-s2 ~ cnn-deep}
     */
    public record Limits(double errorConsistency, double errorAgreement, int pairs, String mostAlike,
            double maxErrorConsistency, double maxErrorAgreement) {
        static final Limits DEFAULTS = new Limits(DEFAULT_ERROR_CONSISTENCY, DEFAULT_ERROR_AGREEMENT, 0, "",
                Double.NaN, Double.NaN);
    }

    private final List<Pair> pairs;
    private final Limits limits;

    private Kinship(List<Pair> pairs, Limits limits) {
        this.pairs = List.copyOf(pairs);
        this.limits = limits;
    }

    /** No comparisons: nobody left out. */
    public static Kinship none() {
        return new Kinship(List.of(), Limits.DEFAULTS);
    }

    public static Kinship of(List<Pair> pairs, Limits limits) {
        return new Kinship(pairs, limits);
    }

    /** The comparison a run recorded ({@link #entry}); {@link #none} for a run that recorded none. */
    public static Kinship of(RunRecord.KinshipEntry e) {
        if (e == null || e.pairs() == null) {
            return none();
        }
        List<Pair> out = new ArrayList<>();
        for (RunRecord.KinPair p : e.pairs()) {
            out.add(new Pair(p.generator(), p.observer(), p.trials(), nan(p.agreement()), nan(p.errorConsistency()),
                    nan(p.errorAgreement()), p.family(), p.excluded() ? (p.reason() != null ? p.reason() : "left out")
                    : null));
        }
        RunRecord.Calibration c = e.calibration() != null ? e.calibration()
                : new RunRecord.Calibration(0, "", null, null);
        return of(out, new Limits(e.maxErrorConsistency(), e.maxErrorAgreement(), c.independentPanelPairs(),
                c.mostAlike() == null ? "" : c.mostAlike(), nan(c.theirErrorConsistency()),
                nan(c.largestErrorAgreement())));
    }

    /** This comparison as run.json records it: numbers to six decimals, a NaN as null. */
    public RunRecord.KinshipEntry entry() {
        List<RunRecord.KinPair> out = new ArrayList<>();
        for (Pair p : pairs) {
            out.add(new RunRecord.KinPair(p.generator(), p.observer(), p.items(), stored(p.agreement()),
                    stored(p.errorAgreement()), stored(p.consistency()), p.family(), p.excluded(), p.reason()));
        }
        return new RunRecord.KinshipEntry(RULE, limits.errorConsistency(), limits.errorAgreement(),
                new RunRecord.Calibration(limits.pairs(), limits.mostAlike(), stored(limits.maxErrorConsistency()),
                        stored(limits.maxErrorAgreement())), List.copyOf(out));
    }

    private static Double stored(double v) {
        return Double.isNaN(v) ? null : Math.round(v * 1e6) / 1e6;
    }

    private static double nan(Double v) {
        return v == null ? Double.NaN : v;
    }

    /**
     * Calibrates the limits on the independent pairs of {@code panel}, then compares every generator with every
     * panel observer but itself.
     *
     * @param lineages each model's declared lineage
     * @param answers  each model's answers to the comparison trials (natural stimuli); a model without answers
     *                 is compared by lineage alone
     * @param labels   the trials' true classes
     */
    public static Kinship measure(List<String> generators, List<String> panel, Map<String, Lineage> lineages,
            Map<String, int[]> answers, int[] labels) {
        Limits limits = calibrate(panel, lineages, answers, labels);
        List<Pair> out = new ArrayList<>();
        for (String g : generators) {
            List<Pair> mine = new ArrayList<>();
            for (String o : panel) {
                if (o.equals(g)) {
                    continue;
                }
                String family = family(g, o, lineages);
                ErrorConsistency ec = compare(g, o, answers, labels);
                mine.add(new Pair(g, o, ec.items(), ec.agreement(), ec.consistency(), ec.errorAgreement(), family,
                        reason(family, ec, limits)));
            }
            // A copy of a panel model is of that model's family too: its declared kin are the copy's kin.
            List<String> copied = mine.stream().filter(p -> p.excluded() && p.family() == null).map(Pair::observer)
                    .toList();
            for (int i = 0; i < mine.size(); i++) {
                Pair p = mine.get(i);
                if (p.excluded()) {
                    continue;
                }
                for (String c : copied) {
                    String f = family(c, p.observer(), lineages);
                    if (f != null) {
                        mine.set(i, new Pair(g, p.observer(), p.items(), p.agreement(), p.consistency(),
                                p.errorAgreement(), null,
                                "kin of " + c + ", whose undeclared kin " + g + " is: " + f));
                        break;
                    }
                }
            }
            out.addAll(mine);
        }
        return new Kinship(out, limits);
    }

    public static Limits calibrate(List<String> panel, Map<String, Lineage> lineages, Map<String, int[]> answers,
            int[] labels) {
        double k = Double.NEGATIVE_INFINITY;
        double a = Double.NEGATIVE_INFINITY;
        String alike = "";
        int n = 0;
        for (int i = 0; i < panel.size(); i++) {
            for (int j = i + 1; j < panel.size(); j++) {
                String x = panel.get(i);
                String y = panel.get(j);
                ErrorConsistency ec = compare(x, y, answers, labels);
                if (family(x, y, lineages) != null || ec.items() == 0 || Double.isNaN(ec.consistency())
                        || Double.isNaN(ec.errorAgreement())) {
                    continue;
                }
                n++;
                if (ec.consistency() > k) {
                    k = ec.consistency();
                    alike = x + " ~ " + y;
                }
                a = Math.max(a, ec.errorAgreement());
            }
        }
        if (n == 0) {
            return Limits.DEFAULTS;
        }
        return new Limits(k + (1 - k) / 2, a + (1 - a) / 2, n, alike, k, a);
    }

    private static String family(String a, String b, Map<String, Lineage> lineages) {
        return Lineage.kinship(a, lineages.getOrDefault(a, Lineage.UNDECLARED), b,
                lineages.getOrDefault(b, Lineage.UNDECLARED));
    }

    private static ErrorConsistency compare(String a, String b, Map<String, int[]> answers, int[] labels) {
        int[] x = answers.get(a);
        int[] y = answers.get(b);
        return x == null || y == null ? new ErrorConsistency(0, Double.NaN, Double.NaN, Double.NaN)
                : ErrorConsistency.of(x, y, labels);
    }

    private static String reason(String family, ErrorConsistency ec, Limits limits) {
        if (family != null) {
            return "one family: " + family;
        }
        boolean kappa = ec.consistency() >= limits.errorConsistency();
        boolean agree = ec.errorAgreement() >= limits.errorAgreement();
        if (kappa || agree) {
            return String.format(Locale.ROOT, "undeclared kin: on %d natural stimuli their error consistency is "
                    + "%.3f and where either errs their answers agree on %.1f%% (limits %.3f and %.1f%%)", ec.items(),
                    ec.consistency(), 100 * ec.errorAgreement(), limits.errorConsistency(),
                    100 * limits.errorAgreement());
        }
        return null;
    }

    public Limits limits() {
        return limits;
    }

    public List<Pair> pairs() {
        return pairs;
    }

    /** Each generator's left-out observers with the reason. */
    public Map<String, Map<String, String>> exclusions() {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (Pair p : pairs) {
            if (p.excluded()) {
                out.computeIfAbsent(p.generator(), k -> new LinkedHashMap<>()).put(p.observer(), p.reason());
            }
        }
        return out;
    }

    /** The observers left out of {@code generator}'s score. */
    public Set<String> excluded(String generator) {
        return new LinkedHashSet<>(exclusions().getOrDefault(generator, Map.of()).keySet());
    }
}
