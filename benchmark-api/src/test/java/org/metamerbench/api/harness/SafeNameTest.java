package org.metamerbench.api.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.metamerbench.api.ModelCard;

class SafeNameTest {
    @Test
    void namesThatCouldLeaveTheirFolderAreRefused() {
        for (String bad : List.of("..", ".", "../x", "a/b", "a\\b", "/abs", "", " x", "x y", "-x", ".hidden", "a\u0000b",
                "x".repeat(101))) {
            assertFalse(SafeName.isSafe(bad), bad);
        }
        for (String good : List.of("cnn-s1", "fc1_relu", "final", "20261129-172530-quick", "model.v2", "a..b")) {
            assertTrue(SafeName.isSafe(good), good);
        }
    }

    @Test
    void aCardWithAnUnsafeStageNameOrIdIsRefusedNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelCard.builder("m")
                .version("1").inputShape(2).classLabels(List.of("a", "b")).stage("input", false, 2)
                .stage("../../evil", false, 2).stage("final", false, 2).build());
        assertEquals("stage name of m '../../evil' is not a safe name: use letters, digits, '.', '_' and '-', "
                + "starting with a letter or digit, at most 100 characters", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ModelCard.builder("../m").version("1").inputShape(2)
                .classLabels(List.of("a", "b")).stage("input", false, 2).stage("final", false, 2).build());
        assertTrue(e.getMessage().startsWith("model id '../m' is not a safe name"), e.getMessage());
    }
}
