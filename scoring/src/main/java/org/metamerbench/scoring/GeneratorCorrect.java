package org.metamerbench.scoring;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.metamerbench.results.NaturalRow;

/**
 * Recognition of a generator's metamers on the stimuli whose natural version the generator itself labels correctly:
 * an analysis shown beside the headline, never part of it. A generator that misreads a natural stimulus is asked to
 * match its representation of it, which other observers read as the true class only by chance, so a weak generator's
 * recognition is capped by its own accuracy; this measures how much. The stimuli kept are fixed by the generator's
 * answers to the natural stimuli, which its metamers cannot change; the observers, the normalisation and the
 * bootstrap (the same resamples as the headline's, the kept stimuli weighted as drawn) are the headline's.
 *
 * @param stimuli         stimuli the generator labels correctly (natural)
 * @param accepted        of those, the ones with an accepted metamer at the stage
 * @param cross           the scoring observers' recognition of those metamers
 * @param crossNatural    the same observers' accuracy on the same natural stimuli
 * @param recognisability {@code cross} normalised between chance and {@code crossNatural}; NaN where the stage is
 *                        not scored
 */
public record GeneratorCorrect(String generator, String stage, int stimuli, int accepted, double cross,
        double crossSe, double crossNatural, double recognisability) {

    /**
     * The analysis of every generator x stage of {@code stages} whose generator answered the natural stimuli (in
     * {@code natural}); a generator that did not is absent, never guessed.
     */
    public static List<GeneratorCorrect> of(List<StageData> stages, List<NaturalRow> natural, double chance,
            Bootstrap bootstrap) {
        Map<String, Map<String, Boolean>> answers = new HashMap<>();
        for (NaturalRow n : natural) {
            answers.computeIfAbsent(n.observer(), k -> new HashMap<>()).put(n.stimulusId(), n.correct());
        }
        List<String> panel = StageData.observersOf(stages);
        List<GeneratorCorrect> out = new ArrayList<>();
        for (StageData d : stages) {
            Map<String, Boolean> own = answers.get(d.generator());
            if (own == null) {
                continue;
            }
            int[] keep = new int[d.size()];
            int stimuli = 0;
            int accepted = 0;
            for (int i = 0; i < keep.length; i++) {
                if (Boolean.TRUE.equals(own.get(d.stimuli().get(i)))) {
                    keep[i] = 1;
                    stimuli++;
                    accepted += d.accepted()[i] ? 1 : 0;
                }
            }
            Resample kept = Resample.ofStimuli(keep);
            double cross = d.crossRecognition(kept);
            double nat = d.crossNatural(kept);
            double se = bootstrap.standardError(d.size(), panel, r -> d.crossRecognition(keepOnly(r, keep)));
            out.add(new GeneratorCorrect(d.generator(), d.stage(), stimuli, accepted, cross, se, nat,
                    d.scored() ? StageScore.normalise(cross, nat, chance) : Double.NaN));
        }
        return out;
    }

    /** The resample with every stimulus outside {@code keep} given weight 0. */
    static Resample keepOnly(Resample r, int[] keep) {
        int[] w = new int[keep.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = keep[i] * (int) r.stimulus(i);
        }
        return new Resample(w, r.observers());
    }
}
