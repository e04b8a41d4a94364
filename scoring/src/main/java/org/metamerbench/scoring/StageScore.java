package org.metamerbench.scoring;

import java.util.List;

/**
 * Scores of one generator's metamers at one stage.
 *
 * @param metamers          metamers made
 * @param accepted          metamers that passed acceptance; recognition counts only these
 * @param self              share of accepted metamers the generator itself labels with the true class
 * @param cross             mean over the other observers of the share they label correctly
 * @param crossNatural      mean natural-stimulus accuracy of those other observers (same stimuli)
 * @param observers         number of other observers in {@code cross}
 * @param scored            enough accepted metamers to score the stage ({@link StageData#MIN_ACCEPTED_SHARE})
 */
public record StageScore(String generator, String stage, int metamers, int accepted, double self, double selfSe,
        double cross, double crossSe, double crossNatural, int observers, boolean scored) {

    public static final List<String> HEADER = List.of("generator", "stage", "metamers", "accepted", "pass_rate",
            "self_recognition", "self_se", "cross_recognition", "cross_se", "cross_natural_accuracy", "observers",
            "scored", "cross_recognisability");

    public double passRate() {
        return metamers == 0 ? Double.NaN : (double) accepted / metamers;
    }

    /**
     * {@code (cross - chance) / (crossNatural - chance)} clipped to [0, 1]: 1 when other models
     * recognise the metamers as well as natural stimuli, 0 at chance; NaN when the stage is not scored.
     */
    public double crossRecognisability(double chance) {
        return scored ? normalise(cross, crossNatural, chance) : Double.NaN;
    }

    public static double normalise(double p, double pNatural, double chance) {
        if (Double.isNaN(p) || Double.isNaN(pNatural) || pNatural <= chance) {
            return Double.NaN;
        }
        return Math.max(0, Math.min(1, (p - chance) / (pNatural - chance)));
    }

    public List<Object> toRow(double chance) {
        return List.of(generator, stage, metamers, accepted, passRate(), self, selfSe, cross, crossSe, crossNatural,
                observers, scored, crossRecognisability(chance));
    }
}
