package org.metamerbench.api.conformance;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.metamerbench.api.ToyProvider;
import org.metamerbench.api.ToyProvider.Defect;

class ProviderConformanceTest {

    @Test
    void aCorrectProviderPasses() {
        ProviderConformance.ConformanceReport r =
                ProviderConformance.forProvider(new ToyProvider(Defect.NONE, "toy-a", "toy-b")).assertConforms();
        assertTrue(r.measurements().stream().anyMatch(m -> m.contains("hidden gradient relative error")),
                r.measurements().toString());
    }

    @ParameterizedTest
    @CsvSource({
        "WRONG_GRADIENT, finite differences",
        "NON_DETERMINISTIC, not deterministic",
        "BATCH_DEPENDENT, independent",
        "WRONG_STAGE_SHAPE, shape",
        "NAN_LOGITS, not finite"
    })
    void eachBrokenPromiseIsReported(Defect defect, String expected) {
        ProviderConformance.ConformanceReport r =
                ProviderConformance.forProvider(new ToyProvider(defect, "toy")).check();
        assertFalse(r.passed());
        assertTrue(r.failures().stream().anyMatch(f -> f.contains(expected)),
                "expected a failure mentioning '" + expected + "', got " + r.failures());
    }

    @Test
    void duplicateIdsAreReported() {
        ProviderConformance.ConformanceReport r =
                ProviderConformance.forProvider(new ToyProvider(Defect.NONE, "same", "same")).check();
        assertTrue(r.failures().stream().anyMatch(f -> f.contains("duplicate model id 'same'")), r.failures().toString());
    }

    @Test
    void assertConformsThrowsWithEveryFailure() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> ProviderConformance.forProvider(new ToyProvider(Defect.WRONG_GRADIENT, "toy")).assertConforms());
        assertTrue(e.getMessage().contains("toy stage hidden"), e.getMessage());
    }
}
