package org.metamerbench.space;

import java.util.ArrayList;
import java.util.List;

/**
 * One condition's 2-down-1-up staircase (Levitt 1971), which converges on the level answered correctly 70.7% of the
 * time: two correct answers in a row lower the level by a fixed step (not below the floor), one error raises it (not
 * above the ceiling), as MAME's staircases move (fixed additive steps). A reversal is a change of the direction of
 * movement; the first move is none (MAME's code counts the first move too: a stated deviation). The staircase ends
 * after {@code reversals} reversals or {@code maxTrials} trials, whichever comes first.
 */
public final class Staircase {
    /** One answered trial: the level shown and whether the answer was correct. */
    public record Trial(double level, boolean correct) {
    }

    /** A staircase's rule: where it starts, its step, its bounds and when it ends. */
    public record Rule(double start, double step, double floor, double ceiling, int reversals, int maxTrials) {
        public Rule {
            if (!(step > 0) || !(floor <= start) || !(start <= ceiling) || reversals < 1 || maxTrials < 1) {
                throw new IllegalArgumentException("a staircase needs step > 0, floor <= start <= ceiling and at "
                        + "least one reversal and one trial: " + this);
            }
        }
    }

    private final Rule rule;
    private final List<Trial> trials = new ArrayList<>();
    private double level;
    private int correctInARow;
    private int direction; // -1 down, +1 up, 0 not moved yet
    private int reversals;

    public Staircase(Rule rule) {
        this.rule = rule;
        this.level = rule.start();
    }

    public Rule rule() {
        return rule;
    }

    /** The level of the next trial. */
    public double level() {
        return level;
    }

    public int reversals() {
        return reversals;
    }

    public List<Trial> trials() {
        return List.copyOf(trials);
    }

    public boolean done() {
        return reversals >= rule.reversals() || trials.size() >= rule.maxTrials();
    }

    /** Records the answer to a trial at {@link #level()} and moves the level. */
    public void record(boolean correct) {
        if (done()) {
            throw new IllegalStateException("the staircase has ended (" + reversals + " reversals, " + trials.size()
                    + " trials)");
        }
        trials.add(new Trial(level, correct));
        int move = 0;
        if (correct) {
            if (++correctInARow == 2) {
                correctInARow = 0;
                move = -1;
            }
        } else {
            correctInARow = 0;
            move = 1;
        }
        if (move == 0) {
            return;
        }
        if (direction != 0 && move != direction) {
            reversals++;
        }
        direction = move;
        level = Math.max(rule.floor(), Math.min(rule.ceiling(), level + move * rule.step()));
    }
}
