package org.metamerbench.space;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The staircases of an experiment, one per condition, interleaved as MAME interleaves them: the conditions in a
 * shuffled order, each visited once per pass, the order shuffled again for each pass; a condition whose staircase has
 * ended is skipped. The order comes from a seed, so the same seed and the same answers give the same trials, and an
 * experiment is restored by replaying its stored answers ({@link #replay}).
 */
public final class InterleavedStaircases {
    private final Map<String, Staircase> staircases = new LinkedHashMap<>();
    private final Random order;
    private final List<String> pass = new ArrayList<>();

    public InterleavedStaircases(Map<String, Staircase.Rule> rules, long seed) {
        if (rules.isEmpty()) {
            throw new IllegalArgumentException("an experiment needs at least one condition");
        }
        rules.forEach((c, r) -> staircases.put(c, new Staircase(r)));
        this.order = new Random(seed);
    }

    public Staircase staircase(String condition) {
        Staircase s = staircases.get(condition);
        if (s == null) {
            throw new IllegalArgumentException("no condition '" + condition + "'; the conditions are "
                    + staircases.keySet());
        }
        return s;
    }

    public Map<String, Staircase> staircases() {
        return Collections.unmodifiableMap(staircases);
    }

    public boolean done() {
        return staircases.values().stream().allMatch(Staircase::done);
    }

    /** The condition of the next trial, or null when every staircase has ended. */
    public String next() {
        while (!done()) {
            if (pass.isEmpty()) {
                pass.addAll(staircases.keySet());
                Collections.shuffle(pass, order);
            }
            String c = pass.get(0);
            if (!staircases.get(c).done()) {
                return c;
            }
            pass.remove(0);
        }
        return null;
    }

    /**
     * The condition of the trial after the next one where no answer to the next one can change it (a later condition
     * of the current pass, whose staircase the answer does not touch), or null where it can (the next trial ends a
     * pass, and the answer decides which staircases the new pass holds). What lets a trial's image be made while the
     * one before it is shown.
     */
    public String following() {
        if (next() == null) {
            return null;
        }
        for (int i = 1; i < pass.size(); i++) {
            if (!staircases.get(pass.get(i)).done()) {
                return pass.get(i);
            }
        }
        return null;
    }

    /** Records the answer to the trial of {@link #next()}'s condition, which must be {@code condition}. */
    public void record(String condition, boolean correct) {
        String expected = next();
        if (!condition.equals(expected)) {
            throw new IllegalStateException("the next trial is of " + expected + ", not " + condition);
        }
        staircase(condition).record(correct);
        pass.remove(0);
    }

    /** The experiment after {@code answers} (condition, correct) in order, from its start. */
    public static InterleavedStaircases replay(Map<String, Staircase.Rule> rules, long seed,
            List<Map.Entry<String, Boolean>> answers) {
        InterleavedStaircases s = new InterleavedStaircases(rules, seed);
        for (Map.Entry<String, Boolean> a : answers) {
            s.record(a.getKey(), a.getValue());
        }
        return s;
    }
}
