package org.metamerbench.leaderboard;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.metamerbench.scoring.Bootstrap;
import org.metamerbench.scoring.HumanCalibration;
import org.metamerbench.scoring.HumanRecognition;
import org.metamerbench.scoring.ModelScore;
import org.metamerbench.scoring.RankUncertainty;
import org.metamerbench.scoring.RunResults;
import org.metamerbench.scoring.Scoring;
import org.metamerbench.scoring.Separation;
import org.metamerbench.scoring.StageData;

/**
 * The leaderboard: every generating model of any number of result folders, scored on the same
 * stimulus-set version and protocol, ranked by the recognisability of its metamers.
 */
public final class Leaderboard {
    /** The ranking rule, as the site and the README state it. */
    public static final String RANKING_RULE = ModelScore.RULE + " Models are ranked by the headline score, higher "
            + "first; equal scores share a rank. Every score comes from the reference observer panel named in the "
            + "protocol, so adding a submission never changes another model's score, and runs with different panels, "
            + "stimulus sets or protocols are never merged; only complete runs enter. Human recognisability is shown "
            + "beside it where stored human judgments cover the model. A rank is not a significance test: each model's "
            + "rank interval and tier say which models this stimulus set and panel tell apart. "
            + RankUncertainty.RULE;
    public static final int BOOTSTRAP = 1000;

    /** One row. Human fields are NaN where no human data exists. */
    public record Entry(int rank, String model, String plugin, String version, double recognisability,
            double recognisabilitySe, double humanRecognisability, double humanSe, double predictedHuman,
            double predictionError, double idiosyncrasy, double naturalAccuracy, int stagesScored, int stagesTotal,
            int observers, String runId, String runDate, String harnessVersion, RunResults run, String anchorStage,
            String unranked, double profileMean, double profileMeanSe, int rankLow, int rankHigh, int tier) {

        public boolean ranked() {
            return rank > 0;
        }

        Entry withRank(int r, int low, int high, int t) {
            return new Entry(r, model, plugin, version, recognisability, recognisabilitySe, humanRecognisability, humanSe,
                    predictedHuman, predictionError, idiosyncrasy, naturalAccuracy, stagesScored, stagesTotal, observers,
                    runId, runDate, harnessVersion, run, anchorStage, unranked, profileMean, profileMeanSe, low, high, t);
        }

        /** The rank interval, e.g. {@code 2-4}; "" when unranked. */
        public String rankInterval() {
            return !ranked() ? "" : rankLow == rankHigh ? Integer.toString(rankLow) : rankLow + "-" + rankHigh;
        }
    }

    private final List<Entry> entries;
    private final HumanCalibration calibration;
    private final HumanRecognition humans;
    private final List<String> notes;
    private final String stimulusSet;
    private final String protocol;

    private Leaderboard(List<Entry> entries, List<String> notes, String stimulusSet, String protocol,
            HumanCalibration calibration, HumanRecognition humans) {
        this.entries = entries;
        this.calibration = calibration;
        this.humans = humans;
        this.notes = notes;
        this.stimulusSet = stimulusSet;
        this.protocol = protocol;
    }

    public List<Entry> entries() {
        return entries;
    }

    /** The stored human judgments behind the human column, or null. */
    public HumanRecognition humans() {
        return humans;
    }

    /** The calibration behind the predicted human column, or null. */
    public HumanCalibration calibration() {
        return calibration;
    }

    /** Which run each model was taken from when it appears in several. */
    public List<String> notes() {
        return notes;
    }

    public String stimulusSet() {
        return stimulusSet;
    }

    public String protocol() {
        return protocol;
    }

    /** How well the headline score tells the ranked models apart, given their SEs. */
    public Separation separation() {
        List<Entry> r = entries.stream().filter(Entry::ranked).toList();
        return Separation.of(r.stream().mapToDouble(Entry::recognisability).toArray(),
                r.stream().mapToDouble(Entry::recognisabilitySe).toArray());
    }

    /**
     * The spread of the headline score between training seeds of one recipe beside the spread between recipes:
     * for each recipe (declared lineage: architecture and training) with at least two ranked seeds, the standard
     * deviation of its seeds' scores; and the standard deviation over recipes of their mean score. A difference
     * between two recipes smaller than the spread between seeds of one says little about the recipes.
     */
    public SeedSpread seedSpread() {
        Map<String, List<Double>> byRecipe = new LinkedHashMap<>();
        for (Entry e : entries) {
            if (e.ranked()) {
                String recipe = e.run().lineage(e.model()).recipe();
                byRecipe.computeIfAbsent(recipe.isEmpty() ? "(" + e.model() + ")" : recipe, k -> new ArrayList<>())
                        .add(e.recognisability());
            }
        }
        Map<String, Double> within = new LinkedHashMap<>();
        List<Double> means = new ArrayList<>();
        byRecipe.forEach((recipe, scores) -> {
            means.add(scores.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN));
            if (scores.size() >= 2) {
                within.put(recipe + " (" + scores.size() + " seeds)", sd(scores));
            }
        });
        return new SeedSpread(within, means.size() >= 2 ? sd(means) : Double.NaN, means.size());
    }

    /** See {@link #seedSpread()}. */
    public record SeedSpread(Map<String, Double> withinRecipe, double betweenRecipes, int recipes) {
        @Override
        public String toString() {
            StringBuilder b = new StringBuilder();
            withinRecipe.forEach((r, sd) -> b.append(String.format(java.util.Locale.ROOT,
                    "between seeds of %s: SD %.3f; ", r, sd)));
            return b.append(String.format(java.util.Locale.ROOT, "between the %d recipes' means: SD %.3f", recipes,
                    betweenRecipes)).toString();
        }
    }

    private static double sd(List<Double> v) {
        double mean = v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        double ss = v.stream().mapToDouble(x -> (x - mean) * (x - mean)).sum();
        return v.size() < 2 ? Double.NaN : Math.sqrt(ss / (v.size() - 1));
    }

    /** The same for the stage-profile mean (the score of earlier versions, not ranked), over the same models. */
    public Separation profileSeparation() {
        List<Entry> r = entries.stream().filter(Entry::ranked).toList();
        return Separation.of(r.stream().mapToDouble(Entry::profileMean).toArray(),
                r.stream().mapToDouble(Entry::profileMeanSe).toArray());
    }

    /**
     * Aggregates result folders. Runs on another stimulus-set version or protocol than the first are
     * refused, naming both. A model scored in several runs is taken from the newest.
     */
    public static Leaderboard build(List<Path> runDirs) throws IOException {
        return build(runDirs, null);
    }

    /**
     * As {@link #build(List)}, with human recognisability predicted from other models' by
     * {@code calibration} (null: no prediction) in its own column.
     */
    public static Leaderboard build(List<Path> runDirs, HumanCalibration calibration) throws IOException {
        return build(runDirs, calibration, null);
    }

    /** As above, with human recognisability measured in stored judgments ({@code humans}, may be null). */
    public static Leaderboard build(List<Path> runDirs, HumanCalibration calibration, HumanRecognition humans)
            throws IOException {
        if (runDirs.isEmpty()) {
            throw new IllegalArgumentException("no result folders given");
        }
        List<RunResults> runs = new ArrayList<>();
        Map<String, Path> ids = new LinkedHashMap<>();
        for (Path d : runDirs) {
            RunResults r = RunResults.load(d);
            if (!r.complete()) {
                throw new IllegalArgumentException(d + ": the run is not complete (status '" + r.status()
                        + "'); only complete runs enter a leaderboard");
            }
            r.requireSealed();
            Path same = ids.putIfAbsent(r.runId(), d);
            if (same != null) {
                boolean copy = java.util.Arrays.equals(java.nio.file.Files.readAllBytes(same.resolve("run.json")),
                        java.nio.file.Files.readAllBytes(d.resolve("run.json")));
                throw new IllegalArgumentException("run id " + r.runId() + " is given twice: " + same + " and " + d
                        + (copy ? " (copies of one run: give it once)" : " are different runs with one id; neither "
                        + "is taken, since a leaderboard names each run by its id (rename one and run it again)"));
            }
            runs.add(r);
        }
        RunResults first = runs.get(0);
        // A prediction counts only in the calibration's own domain: never a figure from other stimuli.
        calibration = HumanCalibration.admissible(calibration, first);
        String set = first.stimulusSetName() + " (SHA-256 " + first.stimulusSetSha() + ")";
        for (RunResults r : runs.subList(1, runs.size())) {
            String other = r.stimulusSetName() + " (SHA-256 " + r.stimulusSetSha() + ")";
            if (!other.equals(set)) {
                throw new IllegalArgumentException("the runs mix stimulus-set versions: " + first.dir() + " used " + set
                        + ", " + r.dir() + " used " + other + "; a leaderboard compares one version");
            }
            if (!r.protocol().equals(first.protocol())) {
                throw new IllegalArgumentException("the runs mix protocols: " + first.dir() + " used [" + first.protocol()
                        + "], " + r.dir() + " used [" + r.protocol() + "]; a leaderboard compares one protocol");
            }
        }
        Map<String, Entry> byModel = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        List<RunResults> newestFirst = new ArrayList<>(runs);
        newestFirst.sort(Comparator.comparing(RunResults::started).reversed());
        for (RunResults r : newestFirst) {
            Bootstrap bootstrap = new Bootstrap(BOOTSTRAP, r.seed());
            Map<String, Double> natural = r.naturalAccuracy();
            for (ModelScore m : r.modelScores(bootstrap)) {
                Entry kept = byModel.get(m.generator());
                if (kept != null) {
                    notes.add(m.generator() + " is scored in " + kept.runId() + " and in " + r.runId()
                            + "; the newer run (" + kept.runId() + ") is shown");
                    continue;
                }
                RunResults.ModelEntry me = r.model(m.generator());
                StageData anchor = m.anchorStage() == null ? null : r.stageData(m.generator(), m.anchorStage());
                int observers = anchor == null ? 0 : anchor.observers().size();
                double[] human = humans == null || m.anchorStage() == null ? new double[] {Double.NaN, Double.NaN}
                        : humans.recognisability(m.generator(), List.of(m.anchorStage()), r.chance());
                double predicted = Scoring.predictedHumanRecognisability(anchor, r.chance(), calibration);
                double rec = m.ranked() ? m.recognisability() : Double.NaN;
                byModel.put(m.generator(), new Entry(0, m.generator(), me == null ? "" : me.provider(),
                        me == null ? "" : me.version(), rec, m.recognisabilitySe(), human[0],
                        human[1], predicted, calibration == null ? Double.NaN : calibration.cvRmse(),
                        1 - rec, natural.getOrDefault(m.generator(), Double.NaN), m.stagesScored(),
                        m.stagesTotal(), observers, r.runId(), r.started(), r.harnessVersion(), r, m.anchorStage(),
                        m.unranked(), m.profileMean(), m.profileMeanSe(), 0, 0, 0));
            }
        }
        for (RunResults r : newestFirst) {
            for (RunResults.ModelEntry m : r.models()) {
                if (!m.canGenerate() && notes.stream().noneMatch(n -> n.startsWith(m.id() + " is an observer only"))) {
                    notes.add(m.id() + " is an observer only (" + m.provider() + "): it has no input gradients, so it "
                            + "cannot generate metamers and is not ranked; it recognises the other models' metamers in "
                            + r.runId());
                }
            }
        }
        List<Entry> sorted = new ArrayList<>(byModel.values());
        sorted.sort(Comparator.<Entry>comparingDouble(e -> Double.isNaN(e.recognisability()) ? 1 : 0)
                .thenComparing(Comparator.comparingDouble(Entry::recognisability).reversed())
                .thenComparing(Entry::model));
        List<Entry> scored = sorted.stream().filter(e -> !Double.isNaN(e.recognisability())).toList();
        List<RankUncertainty.Rank> uncertainty = uncertainty(scored);
        List<Entry> ranked = new ArrayList<>();
        int rank = 0;
        double previous = Double.NaN;
        for (int i = 0; i < sorted.size(); i++) {
            Entry e = sorted.get(i);
            if (!Double.isNaN(e.recognisability())) {
                rank = e.recognisability() == previous ? rank : i + 1;
                previous = e.recognisability();
                RankUncertainty.Rank u = uncertainty.get(i);
                ranked.add(e.withRank(rank, u.low(), u.high(), u.tier()));
            } else {
                ranked.add(e.withRank(0, 0, 0, 0));
            }
        }
        return new Leaderboard(List.copyOf(ranked), List.copyOf(notes), set, first.protocol(), calibration, humans);
    }

    /**
     * Rank intervals and tiers of the ranked entries (best first), on one bootstrap over the runs' shared stimuli
     * and the union of the observers that score them.
     */
    private static List<RankUncertainty.Rank> uncertainty(List<Entry> scored) {
        if (scored.isEmpty()) {
            return List.of();
        }
        List<StageData> anchors = new ArrayList<>();
        List<java.util.function.ToDoubleFunction<org.metamerbench.scoring.Resample>> stats = new ArrayList<>();
        for (Entry e : scored) {
            StageData d = e.run().stageData(e.model(), e.anchorStage());
            double chance = e.run().chance();
            anchors.add(d);
            stats.add(w -> d.recognisability(w, chance));
        }
        double[] scores = scored.stream().mapToDouble(Entry::recognisability).toArray();
        return RankUncertainty.of(scores, stats, anchors.get(0).size(), StageData.observersOf(anchors),
                new Bootstrap(BOOTSTRAP, scored.get(0).run().seed()));
    }
}
