package org.metamerbench.scoring;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores of a run from its stored rows: pass rate, self recognition and cross-model recognition per
 * generator x stage, and each generator's headline score (see {@link ModelScore}), with standard
 * errors from a bootstrap over stimuli and observers together ({@link Bootstrap}: every stage of every generator
 * is scored on the same resamples).
 */
public final class Scoring {
    private Scoring() {
    }

    public static List<StageScore> score(List<StageData> stages, Bootstrap bootstrap) {
        List<StageScore> out = new ArrayList<>();
        List<String> observers = StageData.observersOf(stages);
        for (StageData d : stages) {
            double self = d.selfRecognition(Resample.NONE);
            double cross = d.crossRecognition(Resample.NONE);
            double selfSe = Double.isNaN(self) ? Double.NaN
                    : bootstrap.standardError(d.size(), List.of(), d::selfRecognition);
            double crossSe = Double.isNaN(cross) ? Double.NaN
                    : bootstrap.standardError(d.size(), observers, d::crossRecognition);
            out.add(new StageScore(d.generator(), d.stage(), d.made(), d.acceptedCount(), self, selfSe, cross, crossSe,
                    d.crossNatural(), d.observers().size(), d.scored()));
        }
        return out;
    }

    /**
     * Each generator's headline score at its logits stage and its stage-profile mean.
     *
     * @param logitsStages each generator's logits stage (the last stage of its card, as
     *                     {@link RunResults#logitsStages()} gives it); a generator without one is unranked
     * @param planned      each generator's planned stages past the input (to tell a stage that was not run
     *                     from one whose job failed); null: the stages present in {@code stages}
     */
    public static List<ModelScore> modelScores(List<StageData> stages, Map<String, String> logitsStages,
            Map<String, List<String>> planned, double chance, Bootstrap bootstrap) {
        Map<String, List<StageData>> byGenerator = new LinkedHashMap<>();
        if (planned != null) {
            planned.keySet().forEach(g -> byGenerator.put(g, new ArrayList<>()));
        }
        for (StageData s : stages) {
            if (!s.stage().equals("input")) {
                byGenerator.computeIfAbsent(s.generator(), k -> new ArrayList<>()).add(s);
            }
        }
        List<ModelScore> out = new ArrayList<>();
        List<String> observers = StageData.observersOf(stages);
        for (Map.Entry<String, List<StageData>> e : byGenerator.entrySet()) {
            String g = e.getKey();
            List<StageData> list = e.getValue();
            String anchor = logitsStages.get(g);
            String a = anchor;
            StageData at = list.stream().filter(s -> s.stage().equals(a)).findFirst().orElse(null);
            String unranked = null;
            double rec = Double.NaN;
            double se = Double.NaN;
            List<String> plan = planned == null ? null : planned.get(g);
            if (anchor == null) {
                unranked = "its logits stage is not known";
            } else if (at == null) {
                unranked = plan != null && !plan.contains(anchor)
                        ? "its logits stage " + anchor + " was not run (the headline score needs it)"
                        : "no metamer was made at its logits stage " + anchor;
            } else if (!at.scored()) {
                unranked = at.notScoredReason();
            } else if (at.observers().isEmpty()) {
                unranked = "no observer of the reference panel scores it: each is the model itself, of its family "
                        + "or failed (run.json: panel.kinship, models)";
            } else {
                rec = at.recognisability(Resample.NONE, chance);
                if (Double.isNaN(rec)) {
                    unranked = "no observer of the panel recognised its metamers at " + anchor
                            + " (or their natural accuracy is at chance)";
                } else {
                    se = bootstrap.standardError(at.size(), observers, w -> at.recognisability(w, chance));
                }
            }
            int scored = (int) list.stream().filter(s -> !Double.isNaN(s.recognisability(Resample.NONE, chance)))
                    .count();
            int total = plan == null ? list.size() : (int) plan.stream().filter(s -> !s.equals("input")).count();
            double profile = meanRecognisability(list, Resample.NONE, chance);
            double profileSe = Double.isNaN(profile) ? Double.NaN
                    : bootstrap.standardError(list.get(0).size(), observers, w -> meanRecognisability(list, w, chance));
            out.add(new ModelScore(g, rec, se, anchor, unranked, profile, profileSe, scored, total));
        }
        return out;
    }

    /** Mean over stages of the normalised cross-model recognition; stages not scored are skipped. */
    public static double meanRecognisability(List<StageData> stages, Resample w, double chance) {
        double sum = 0;
        int n = 0;
        for (StageData s : stages) {
            double r = s.recognisability(w, chance);
            if (!Double.isNaN(r)) {
                sum += r;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /**
     * A generator's human recognisability at one stage (its headline stage) as predicted by
     * {@code calibration} from the panel's recognition: {@code (h - chance) / (h_natural - chance)} clipped
     * to [0, 1], with h the predicted human recognition of the accepted metamers and h_natural that of the
     * same natural stimuli (predicted from the panel's natural accuracy). NaN without a calibration, or
     * when the stage is missing or not scored.
     */
    public static double predictedHumanRecognisability(StageData stage, double chance, HumanCalibration calibration) {
        if (calibration == null || stage == null || !stage.scored()) {
            return Double.NaN;
        }
        double h = calibration.predict(stage.crossRecognition(Resample.NONE), chance);
        double hNat = calibration.predict(stage.crossNatural(), chance);
        return StageScore.normalise(h, hNat, chance);
    }
}
