package org.metamerbench.scoring;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A model of human recognition from other-model recognition, fitted on the published data, with its
 * error measured by cross-validation that leaves out whole generating models. Both recognitions are
 * first put on a chance-normalised scale, {@code (p - chance) / (1 - chance)}, so that a fit on the
 * 16-way image task can be applied to another task with another chance level; two forms are fitted
 * (linear, and linear on the logit scale) and the one with the lower cross-validated error is used.
 * Its predictions are predictions: reports show them apart from human data, with this error.
 *
 * <p>A calibration is used only in its own domain ({@link #covers}): the stimulus set whose human judgments it was
 * fitted on, and only where its prediction of people's accuracy on the natural stimuli matches what people are
 * known to score there. The published data's relation, fitted on ImageNet images and spoken words, predicts 95.5%
 * human accuracy on natural Fashion-MNIST images, where crowd-sourced people score 83.5%: applied to another
 * stimulus set it is a transform of the panel's score, not a measurement, and it is never shown there.
 */
public final class HumanCalibration {
    public enum Form { LINEAR, LOGIT }

    private static final double CLIP = 0.005;

    /** {@code y = a + b x} on the (transformed) normalised scale. */
    record Line(Form form, double a, double b) {
        double predict(double x) {
            return form == Form.LINEAR ? clamp(a + b * x, 0, 1) : sigmoid(a + b * logit(x));
        }

        static Line fit(Form form, double[] x, double[] y) {
            double[] tx = new double[x.length];
            double[] ty = new double[y.length];
            for (int i = 0; i < x.length; i++) {
                tx[i] = form == Form.LINEAR ? x[i] : logit(x[i]);
                ty[i] = form == Form.LINEAR ? y[i] : logit(y[i]);
            }
            double mx = Stats.mean(tx);
            double my = Stats.mean(ty);
            double sxy = 0;
            double sxx = 0;
            for (int i = 0; i < tx.length; i++) {
                sxy += (tx[i] - mx) * (ty[i] - my);
                sxx += (tx[i] - mx) * (tx[i] - mx);
            }
            double b = sxx == 0 ? 0 : sxy / sxx;
            return new Line(form, my - b * mx, b);
        }
    }

    /**
     * People's known accuracy on natural stimuli of a set, by stimulus-set name: Fashion-MNIST, crowd-sourced
     * labels of 1,000 test images by people with no fashion expertise, 83.5% (the Fashion-MNIST README).
     */
    public static final Map<String, Double> KNOWN_HUMAN_NATURAL_ACCURACY = Map.of("fashion-mnist-test-100", 0.835);

    /** The domain of a calibration fitted on the published data of Feather et al. 2023 (not a set of this harness). */
    public static final String PUBLISHED_DOMAIN = "published data of Feather et al. 2023";

    private final String modality;
    private final String domain;
    private final double publishedChance;
    private final Line line;
    private final Map<Form, double[]> cv;
    private final int models;
    private final int conditions;
    private double measuredNatural = Double.NaN;
    private double measuredNaturalSe = Double.NaN;

    /** Fewest generating models with human judgments for a calibration on a run's own metamers (one is left out). */
    public static final int MIN_GENERATORS = 3;
    /** Fewest generator x stage conditions with human judgments for that calibration. */
    public static final int MIN_CONDITIONS = 6;

    private HumanCalibration(String modality, String domain, double publishedChance, Line line, Map<Form, double[]> cv,
            int models, int conditions) {
        this.modality = modality;
        this.domain = domain;
        this.publishedChance = publishedChance;
        this.line = line;
        this.cv = cv;
        this.models = models;
        this.conditions = conditions;
    }

    /** Fits on the relation's conditions (chance of the published task from {@link PublishedAnalysis#chance}). */
    public static HumanCalibration fit(PublishedAnalysis.Relation rel) {
        return fit(rel, PUBLISHED_DOMAIN, PublishedAnalysis.chance(rel.modality()));
    }

    /**
     * Fits on the relation's conditions, human judgments of stimulus set {@code domain} (its SHA-256) on a task with
     * {@code chance}.
     */
    public static HumanCalibration fit(PublishedAnalysis.Relation rel, String domain, double chance) {
        List<PublishedAnalysis.Condition> c = rel.conditions();
        double[] x = c.stream().mapToDouble(k -> normalise(k.otherModels(), chance)).toArray();
        double[] y = c.stream().mapToDouble(k -> normalise(k.human(), chance)).toArray();
        Set<String> generators = new LinkedHashSet<>();
        c.forEach(k -> generators.add(k.generator()));
        Map<Form, double[]> cv = new LinkedHashMap<>();
        for (Form form : Form.values()) {
            double se = 0;
            double ae = 0;
            for (String g : generators) {
                List<Integer> train = new ArrayList<>();
                List<Integer> test = new ArrayList<>();
                for (int i = 0; i < c.size(); i++) {
                    (c.get(i).generator().equals(g) ? test : train).add(i);
                }
                Line l = Line.fit(form, pick(x, train), pick(y, train));
                for (int i : test) {
                    double err = l.predict(x[i]) - y[i];
                    se += err * err;
                    ae += Math.abs(err);
                }
            }
            cv.put(form, new double[] {Math.sqrt(se / c.size()), ae / c.size()});
        }
        Form best = cv.get(Form.LOGIT)[0] < cv.get(Form.LINEAR)[0] ? Form.LOGIT : Form.LINEAR;
        return new HumanCalibration(rel.modality(), domain, chance, Line.fit(best, x, y), cv, generators.size(),
                c.size());
    }

    /**
     * A calibration fitted on stored human judgments of {@code run}'s own metamers (collected with {@code experiment}):
     * one condition per generator x stage that people judged and the run scored, human recognition (the mean over
     * participants) against the panel's cross-model recognition of the same metamers; its domain is the run's
     * stimulus set. Null, with the reason given to {@code why}, where fewer than {@link #MIN_GENERATORS} generators
     * or {@link #MIN_CONDITIONS} conditions have judgments. People's accuracy on the natural trials of the same
     * judgments is kept, and {@link #whyNot} checks the calibration's prediction against it.
     */
    public static HumanCalibration fitOnJudgments(RunResults run, HumanRecognition humans,
            java.util.function.Consumer<String> why) {
        List<PublishedAnalysis.Condition> conditions = new ArrayList<>();
        Set<String> generators = new LinkedHashSet<>();
        for (String g : run.generators()) {
            if (!humans.covers(g)) {
                continue;
            }
            for (Map.Entry<String, double[]> e : humans.byStage(g, run.stagesOf(g)).entrySet()) {
                StageData d = run.stageData(g, e.getKey());
                double other = d == null || !d.scored() ? Double.NaN : d.crossRecognition(Resample.NONE);
                if (!Double.isNaN(other)) {
                    conditions.add(new PublishedAnalysis.Condition(run.publishedModality(), "stored judgments", g,
                            e.getKey(), e.getValue()[0], other));
                    generators.add(g);
                }
            }
        }
        if (generators.size() < MIN_GENERATORS || conditions.size() < MIN_CONDITIONS) {
            why.accept(String.format(Locale.ROOT, "the stored judgments cover %d generating models and %d scored "
                    + "stages of this run; a calibration on them needs at least %d and %d", generators.size(),
                    conditions.size(), MIN_GENERATORS, MIN_CONDITIONS));
            return null;
        }
        double[] h = conditions.stream().mapToDouble(PublishedAnalysis.Condition::human).toArray();
        double[] o = conditions.stream().mapToDouble(PublishedAnalysis.Condition::otherModels).toArray();
        double r = Correlation.pearson(h, o);
        HumanCalibration c = fit(new PublishedAnalysis.Relation(run.publishedModality(), conditions, Correlation.spearman(h, o),
                r * r), run.stimulusSetSha(), run.chance());
        c.measuredNatural = humans.naturalAccuracy();
        c.measuredNaturalSe = humans.naturalAccuracySem();
        return c;
    }

    /** The stimulus set (SHA-256) whose human judgments the calibration was fitted on, or {@link #PUBLISHED_DOMAIN}. */
    public String domain() {
        return domain;
    }

    /** {@code c} if it may predict human recognition for {@code run} ({@link #whyNot}), else null. */
    public static HumanCalibration admissible(HumanCalibration c, RunResults run) {
        return c == null || c.whyNot(run) != null ? null : c;
    }

    /** Why this calibration may not predict human recognition for {@code run}, or null when it may. */
    public String whyNot(RunResults run) {
        double natural = run.naturalAccuracy().entrySet().stream()
                .filter(e -> run.panel() == null || run.panel().contains(e.getKey()))
                .mapToDouble(Map.Entry::getValue).average().orElse(Double.NaN);
        return whyNot(run.stimulusSetName(), run.stimulusSetSha(), natural, run.chance());
    }

    /**
     * Why this calibration may not predict human recognition for a run on stimulus set {@code setName} ({@code setSha})
     * whose panel's natural accuracy is {@code panelNatural}, or null when it may: it must have been fitted on human
     * judgments of that set, and its prediction of people's natural accuracy must be within its cross-validated error
     * of what people are known to score on the set (where that is known).
     */
    public String whyNot(String setName, String setSha, double panelNatural, double chance) {
        if (!domain.equals(setSha)) {
            return "the only calibration was fitted on the " + (domain.equals(PUBLISHED_DOMAIN) ? domain
                    : "human judgments of another stimulus set (" + domain + ")") + ", not on human judgments of "
                    + setName + "; applied there it would be a transform of the panel's score, not a measurement";
        }
        double predicted = predict(panelNatural, chance);
        Double known = KNOWN_HUMAN_NATURAL_ACCURACY.get(setName);
        if (known != null && !(Math.abs(predicted - known) <= cvRmse(chance))) {
            return String.format(Locale.ROOT, "the calibration predicts %.1f%% human accuracy on the natural stimuli, "
                    + "where people score %.1f%%, beyond its error of %.1f points", 100 * predicted, 100 * known,
                    100 * cvRmse(chance));
        }
        // people's accuracy in the same judgments is itself a sample: two of its standard errors are allowed too
        double allowed = cvRmse(chance) + 2 * (Double.isNaN(measuredNaturalSe) ? 0 : measuredNaturalSe);
        if (!Double.isNaN(measuredNatural) && !(Math.abs(predicted - measuredNatural) <= allowed)) {
            return String.format(Locale.ROOT, "the calibration predicts %.1f%% human accuracy on the natural stimuli, "
                    + "where people score %.1f%% +- %.1f in the same judgments, beyond its error of %.1f points and "
                    + "two standard errors", 100 * predicted, 100 * measuredNatural, 100 * measuredNaturalSe,
                    100 * cvRmse(chance));
        }
        return null;
    }

    /** Predicted human recognition for a task with {@code chance}, from the other models' recognition. */
    public double predict(double otherModels, double chance) {
        if (Double.isNaN(otherModels)) {
            return Double.NaN;
        }
        return chance + (1 - chance) * line.predict(normalise(otherModels, chance));
    }

    /** Cross-validated root-mean-square error on the normalised scale (0 = chance, 1 = perfect). */
    public double cvRmse() {
        return cv.get(line.form())[0];
    }

    /** The same error in proportion units on a task with {@code chance}. */
    public double cvRmse(double chance) {
        return cvRmse() * (1 - chance);
    }

    public Form form() {
        return line.form();
    }

    public String describe() {
        String on = domain.equals(PUBLISHED_DOMAIN) ? "the " + domain : "stored human judgments of this stimulus set ("
                + domain.substring(0, Math.min(12, domain.length())) + ")";
        return String.format(Locale.ROOT, "Fitted on " + on.replace("%", "%%") + ": %d %s conditions (experiment x generating model x stage) of %d "
                + "generating models, recognition normalised as (p - chance) / (1 - chance) with chance %.4f. "
                + "Leave-one-generating-model-out error (normalised scale): linear RMSE %.3f, MAE %.3f; logit-linear "
                + "RMSE %.3f, MAE %.3f. Used: %s, human = %s. Predictions for other tasks assume the relation carries "
                + "over; that transfer is not tested by this data.", conditions, modality, models, publishedChance,
                cv.get(Form.LINEAR)[0], cv.get(Form.LINEAR)[1], cv.get(Form.LOGIT)[0], cv.get(Form.LOGIT)[1],
                line.form() == Form.LINEAR ? "linear" : "logit-linear",
                line.form() == Form.LINEAR ? String.format(Locale.ROOT, "%.3f + %.3f x other", line.a(), line.b())
                        : String.format(Locale.ROOT, "sigmoid(%.3f + %.3f logit(other))", line.a(), line.b()));
    }

    static double normalise(double p, double chance) {
        return clamp((p - chance) / (1 - chance), CLIP, 1 - CLIP);
    }

    private static double[] pick(double[] v, List<Integer> idx) {
        return idx.stream().mapToDouble(i -> v[i]).toArray();
    }

    static double logit(double p) {
        double q = clamp(p, CLIP, 1 - CLIP);
        return Math.log(q / (1 - q));
    }

    static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
