package org.metamerbench.reports;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.metamerbench.datasets.results.MetamerRow;
import org.metamerbench.datasets.results.NaturalRow;
import org.metamerbench.datasets.results.RecognitionRow;

/**
 * Scores of a run from its stored rows: pass rate, self recognition and cross-model recognition per
 * generator x stage, and each generator's recognisability, with standard errors from a bootstrap
 * over stimuli (the run's stimuli are resampled with replacement; every observer and every stage of a
 * generator is scored on the same resample).
 */
public final class Scoring {
    private Scoring() {
    }

    public static List<StageScore> score(List<MetamerRow> metamers, List<RecognitionRow> recognition,
            List<NaturalRow> natural, int bootstrapSamples, long seed) {
        return score(StageData.of(metamers, recognition, natural, null), new Bootstrap(bootstrapSamples, seed));
    }

    public static List<StageScore> score(List<StageData> stages, Bootstrap bootstrap) {
        List<StageScore> out = new ArrayList<>();
        for (StageData d : stages) {
            double self = d.selfRecognition(null);
            double cross = d.crossRecognition(null);
            double selfSe = Double.isNaN(self) ? Double.NaN : bootstrap.standardError(d.size(), d::selfRecognition);
            double crossSe = Double.isNaN(cross) ? Double.NaN : bootstrap.standardError(d.size(), d::crossRecognition);
            out.add(new StageScore(d.generator(), d.stage(), d.made(), d.acceptedCount(), self, selfSe, cross, crossSe,
                    d.crossNatural(), d.observers().size()));
        }
        return out;
    }

    /**
     * Each generator's recognisability by other models: the mean over its stages past the input of the
     * normalised cross-model recognition (stages without accepted metamers are left out and counted),
     * with a bootstrap SE that resamples stimuli jointly across the stages.
     */
    public static List<ModelScore> modelScores(List<StageData> stages, double chance, Bootstrap bootstrap) {
        Map<String, List<StageData>> byGenerator = new LinkedHashMap<>();
        for (StageData s : stages) {
            if (!s.stage().equals("input")) {
                byGenerator.computeIfAbsent(s.generator(), k -> new ArrayList<>()).add(s);
            }
        }
        List<ModelScore> out = new ArrayList<>();
        for (Map.Entry<String, List<StageData>> e : byGenerator.entrySet()) {
            List<StageData> list = e.getValue();
            double rec = meanRecognisability(list, null, chance);
            int scored = (int) list.stream().filter(s -> !Double.isNaN(s.recognisability(null, chance))).count();
            double se = Double.isNaN(rec) ? Double.NaN
                    : bootstrap.standardError(list.get(0).size(), w -> meanRecognisability(list, w, chance));
            out.add(new ModelScore(e.getKey(), rec, se, scored, list.size()));
        }
        return out;
    }

    /** Mean over stages of the normalised cross-model recognition; stages undefined on {@code w} are skipped. */
    public static double meanRecognisability(List<StageData> stages, int[] w, double chance) {
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
     * A generator's human recognisability as predicted by {@code calibration} from the other models'
     * recognition: per stage, {@code (h - chance) / (h_natural - chance)} clipped to [0, 1], with h the
     * predicted human recognition of the accepted metamers and h_natural that of the natural stimuli
     * (predicted from the other models' natural accuracy); averaged over the scored stages. NaN without
     * a calibration or a scored stage.
     */
    public static double predictedHumanRecognisability(List<StageData> generatorStages, double chance,
            HumanCalibration calibration) {
        if (calibration == null) {
            return Double.NaN;
        }
        double sum = 0;
        int n = 0;
        for (StageData s : generatorStages) {
            if (s.stage().equals("input")) {
                continue;
            }
            double h = calibration.predict(s.crossRecognition(null), chance);
            double hNat = calibration.predict(s.crossNatural(), chance);
            double v = StageScore.normalise(h, hNat, chance);
            if (!Double.isNaN(v)) {
                sum += v;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }
}
