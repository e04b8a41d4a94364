package org.metamerbench.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.HashSet;
import org.junit.jupiter.api.Test;

/** The 2-down-1-up staircase's moves and reversals, and the interleaving of conditions. */
class StaircaseTest {
    static final Staircase.Rule RULE = new Staircase.Rule(5, 1, 1, 10, 6, 100);

    @Test
    void twoCorrectLowerOneErrorRaisesAndReversalsAreDirectionChanges() {
        Staircase s = new Staircase(RULE);
        s.record(true);
        assertEquals(5, s.level(), "one correct answer does not move it");
        s.record(true);
        assertEquals(4, s.level());
        s.record(false); // up: the first reversal
        assertEquals(5, s.level());
        assertEquals(1, s.reversals());
        s.record(false); // up again: no reversal
        assertEquals(6, s.level());
        assertEquals(1, s.reversals());
        s.record(true);
        s.record(true); // down: the second
        assertEquals(5, s.level());
        assertEquals(2, s.reversals());
    }

    @Test
    void theFloorHoldsAndTheStaircaseEndsAfterItsReversals() {
        Staircase s = new Staircase(RULE);
        for (int i = 0; i < 20; i++) {
            s.record(true);
        }
        assertEquals(1, s.level(), "never below the floor");
        assertEquals(0, s.reversals());
        while (!s.done()) {
            s.record(s.trials().size() % 3 != 0);
        }
        assertEquals(6, s.reversals());
        assertThrows(IllegalStateException.class, () -> s.record(true));
    }

    @Test
    void conditionsAreInterleavedOncePerPassAndReplayRestoresTheExperiment() {
        Map<String, Staircase.Rule> rules = new LinkedHashMap<>();
        for (String c : List.of("a", "b", "c", "d")) {
            rules.put(c, new Staircase.Rule(5, 1, 1, 10, 2, 6));
        }
        InterleavedStaircases e = new InterleavedStaircases(rules, 11);
        List<Map.Entry<String, Boolean>> answers = new ArrayList<>();
        Set<String> pass = new HashSet<>();
        int k = 0;
        while (!e.done()) {
            String c = e.next();
            if (pass.size() == 4) {
                pass.clear();
            }
            assertTrue(pass.add(c) || e.staircases().values().stream().filter(s -> !s.done()).count() < 4,
                    "each condition once per pass: " + c + " twice in " + pass);
            boolean correct = (k++ % 3) != 2;
            answers.add(Map.entry(c, correct));
            e.record(c, correct);
            InterleavedStaircases again = InterleavedStaircases.replay(rules, 11, answers);
            assertEquals(e.next(), again.next(), "the replayed experiment asks the same next trial");
        }
        assertNull(e.next());
        e.staircases().values().forEach(s -> assertTrue(s.done()));
        assertThrows(IllegalStateException.class, () -> InterleavedStaircases.replay(rules, 12, answers),
                "another seed asks other trials: the stored answers do not fit it");
    }
}
