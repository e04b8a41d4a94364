package org.metamerbench.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;
import org.metamerbench.api.ToyProvider;

/** One dynamic test per model and check, named so that a report says which check of which model failed. */
class ConformanceTestsTest {
    @TestFactory
    Stream<DynamicTest> aConformingProviderPassesEveryCheck() {
        return ConformanceTests.of(new ToyProvider(ToyProvider.Defect.NONE, "toy-a"));
    }

    @Test
    void aWrongGradientFailsItsOwnChecksOnlyAndNamesThem() throws Throwable {
        List<DynamicTest> tests = ConformanceTests.of(new ToyProvider(ToyProvider.Defect.WRONG_GRADIENT, "toy-b"))
                .toList();
        List<String> names = tests.stream().map(DynamicTest::getDisplayName).toList();
        assertTrue(names.contains("toy-b: input gradient at hidden against finite differences"), names.toString());
        assertTrue(names.contains("toy-b: logits and activations (shapes, finite, deterministic, batch-independent)"),
                names.toString());
        int failed = 0;
        for (DynamicTest t : tests) {
            Executable run = t.getExecutable();
            if (t.getDisplayName().contains("input gradient")) {
                AssertionError e = assertThrows(AssertionError.class, run, t.getDisplayName());
                assertTrue(e.getMessage().contains("finite differences"), e.getMessage());
                failed++;
            } else {
                run.execute(); // every other check passes
            }
        }
        assertEquals(3, failed, "input, hidden and final stages: " + names);
    }
}
