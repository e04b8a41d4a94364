package org.metamerbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** `list-models` says what each model takes and whether it can generate. */
class ListModelsTest {
    @Test
    void eachModelsInputClassesAndRoleAreListed() {
        Object[] r = ZooVariant.capture(() -> Main.execute("list-models"));
        assertEquals(0, r[0], (String) r[1]);
        String out = (String) r[1];
        String cnn = out.lines().filter(l -> l.startsWith("cnn-s1 ")).findFirst().orElseThrow();
        assertTrue(cnn.matches("cnn-s1\\s+\\S+\\s+generator\\s+image\\s+\\[1,28,28\\]\\s+\\[0,1\\]\\s+10\\s.*"), cnn);
        String word = out.lines().filter(l -> l.startsWith("word-cnn-s1 ")).findFirst().orElseThrow();
        assertTrue(word.matches("word-cnn-s1\\s+\\S+\\s+generator\\s+sound\\s+\\[\\d+\\] @\\d+Hz\\s+\\[-1,1\\]\\s+\\d+\\s.*"),
                word);
    }
}
