package org.metamerbench.scoring;

import java.util.Map;

/**
 * One draw of a bootstrap over stimuli and observers together: {@code stimuli[i]} is how often stimulus i of the
 * run was drawn, {@code observers.get(id)} how often observer {@code id} of the panel was. Observers are weighted
 * by id, so every generator, stage and run compared on one draw sees the same observers drawn, whichever of them
 * it is scored by. Null fields weigh everything once: {@link #NONE} is the sample itself.
 */
public record Resample(int[] stimuli, Map<String, Integer> observers) {
    /** The run's own sample: every stimulus and observer once. */
    public static final Resample NONE = new Resample(null, null);

    /** A resample of stimuli only. */
    public static Resample ofStimuli(int[] w) {
        return new Resample(w, null);
    }

    public double stimulus(int i) {
        return stimuli == null ? 1 : stimuli[i];
    }

    public double observer(String id) {
        return observers == null ? 1 : observers.getOrDefault(id, 0);
    }
}
