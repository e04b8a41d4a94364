package org.metamerbench.api.harness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.metamerbench.api.Tensor;
import org.metamerbench.api.ValueRange;

/** The per-stimulus schedule under the fixed budget and the adaptive rule, driven by losses given here. */
class StimulusScheduleTest {
    /** A loop of {@code n} one-value samples, 3 schedule stages of 20 steps. */
    static SynthesisLoop loop(int n, StopRule rule, SynthesisLoop.Check check) {
        Tensor t = Tensor.wrap(new int[] {n, 1}, new float[n]);
        return new SynthesisLoop("s", false, t, t, new ValueRange(0, 1), 3, 20, 1.0, 1, m -> { }, rule, check);
    }

    /** Runs the schedule with sample i's loss at its own step s given by {@code loss[i]}; returns the step sizes. */
    static List<float[]> drive(StimulusSchedule s, IntToDoubleFunction[] loss, List<int[]> checked) {
        List<float[]> sizes = new ArrayList<>();
        while (!s.done()) {
            int[] active = s.active();
            sizes.add(s.stepSizes());
            float[] l = new float[active.length];
            for (int p = 0; p < active.length; p++) {
                l[p] = (float) loss[active[p]].applyAsDouble(s.steps(active[p]));
            }
            s.stepped(l, rows -> {
                checked.add(rows.clone());
                return Tensor.wrap(new int[] {rows.length, 1}, new float[rows.length]);
            });
        }
        return sizes;
    }

    @Test
    void theFixedBudgetTakesEveryStepOfEveryStageWithTheStepHalvingAfterEach() {
        StimulusSchedule s = new StimulusSchedule(loop(2, StopRule.FIXED, null));
        List<float[]> sizes = drive(s, new IntToDoubleFunction[] {t -> 1, t -> 1.0 / (t + 1)}, new ArrayList<>());
        assertEquals(60, sizes.size());
        assertArrayEquals(new int[] {60, 60}, s.steps());
        assertArrayEquals(new String[] {StopRule.BUDGET, StopRule.BUDGET}, s.stopped());
        for (int t = 0; t < 60; t++) {
            float want = (float) SynthesisLoop.stepSize(1.0, 20, t);
            assertArrayEquals(new float[] {want, want}, sizes.get(t), "step " + t);
        }
    }

    @Test
    void aStageEndsWhenTheBestLossStopsImprovingAndTheLastStagesPlateauEndsSynthesis() {
        StopRule rule = new StopRule(true, 5, 0.01);
        // Sample 0: flat loss, a plateau at the first window of every stage. Sample 1: 5% lower every step, never.
        StimulusSchedule s = new StimulusSchedule(loop(2, rule, null));
        List<int[]> checked = new ArrayList<>();
        List<float[]> sizes = drive(s, new IntToDoubleFunction[] {t -> 0.5, t -> Math.pow(0.95, t)}, checked);
        assertEquals(15, s.steps(0));
        assertEquals(StopRule.PLATEAU, s.stopped(0));
        assertEquals(60, s.steps(1));
        assertEquals(StopRule.BUDGET, s.stopped(1));
        // Sample 0's step size halves after 5 steps, sample 1's after 20.
        assertEquals(1f, sizes.get(4)[0]);
        assertEquals(0.5f, sizes.get(5)[0]);
        assertEquals(1f, sizes.get(5)[1]);
        // From step 15 sample 1 is alone in the batch.
        assertEquals(1, sizes.get(15).length);
        assertEquals(1f, sizes.get(19)[0]);
        assertEquals(0.5f, sizes.get(20)[0]);
        // Without a check no iterate is asked for.
        assertEquals(0, checked.size());
    }

    @Test
    void anAcceptedIterateAtAPlateauEndsSynthesisAndLeavesTheBatch() {
        StopRule rule = new StopRule(true, 5, 0.01);
        List<int[]> judged = new ArrayList<>();
        // Sample 1 is accepted whenever judged; sample 0 and 2 never.
        SynthesisLoop.Check check = (samples, iterates) -> {
            judged.add(samples.clone());
            assertEquals(samples.length, iterates.batchSize());
            boolean[] ok = new boolean[samples.length];
            for (int k = 0; k < samples.length; k++) {
                ok[k] = samples[k] == 1;
            }
            return ok;
        };
        StimulusSchedule s = new StimulusSchedule(loop(3, rule, check));
        List<int[]> rows = new ArrayList<>();
        drive(s, new IntToDoubleFunction[] {t -> 0.5, t -> 0.5, t -> Math.pow(0.95, t)}, rows);
        assertEquals(5, s.steps(1));
        assertEquals(StopRule.ACCEPTED, s.stopped(1));
        assertEquals(15, s.steps(0));
        assertEquals(StopRule.PLATEAU, s.stopped(0));
        assertEquals(60, s.steps(2));
        // The first plateau judged samples 0 and 1 together (rows 0 and 1 of the batch); later plateaus sample 0 alone,
        // at row 0 of a batch of two.
        assertArrayEquals(new int[] {0, 1}, judged.get(0));
        assertArrayEquals(new int[] {0, 1}, rows.get(0));
        assertArrayEquals(new int[] {0}, judged.get(1));
        assertArrayEquals(new int[] {0}, judged.get(2));
        assertEquals(3, judged.size());
    }

    @Test
    void keptNamesTheRowsThatStayInTheBatchOrder() {
        StopRule rule = new StopRule(true, 5, 0.01);
        StimulusSchedule s = new StimulusSchedule(loop(3, rule, (samples, it) -> {
            boolean[] ok = new boolean[samples.length];
            Arrays.fill(ok, true);
            return ok;
        }));
        for (int step = 0; step < 4; step++) {
            assertFalse(s.stepped(new float[] {1, 1, 1}, r -> null));
        }
        // Sample 1 improved in its first window; 0 and 2 did not and are accepted.
        assertTrue(s.stepped(new float[] {1, 0.5f, 1}, r -> Tensor.wrap(new int[] {r.length, 1}, new float[r.length])));
        assertArrayEquals(new int[] {1}, s.kept());
        assertArrayEquals(new int[] {1}, s.active());
        assertThrows(IllegalArgumentException.class, () -> s.stepped(new float[] {1, 1}, r -> null));
    }

    @Test
    void aRuleIsStatedCompletely() {
        assertThrows(IllegalArgumentException.class, () -> new StopRule(true, 1, 0.01));
        assertThrows(IllegalArgumentException.class, () -> new StopRule(true, 5, 1.0));
        assertThrows(IllegalArgumentException.class, () -> new StopRule(false, 5, 0));
        assertEquals(StopRule.FIXED, StopRule.named("fixed", 320));
        assertEquals(new StopRule(true, 32, StopRule.DEFAULT_THRESHOLD), StopRule.named("adaptive", 320));
        assertEquals(5, StopRule.adaptive(20).window());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StopRule.named("soon", 320));
        assertTrue(e.getMessage().contains("soon"), e.getMessage());
    }
}
