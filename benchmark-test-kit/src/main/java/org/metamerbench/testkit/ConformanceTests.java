package org.metamerbench.testkit;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.metamerbench.api.ModelProvider;
import org.metamerbench.api.conformance.ProviderConformance;
import org.metamerbench.api.conformance.ProviderConformance.ConformanceReport.Check;

/**
 * The conformance kit ({@link ProviderConformance}, what {@code validate} runs) as JUnit 5 dynamic tests, one per
 * model and check, so that an IDE or a build report names what failed:
 *
 * <pre>{@code
 * @TestFactory
 * Stream<DynamicTest> conforms() {
 *     return ConformanceTests.of(new MyProvider());
 * }
 * }</pre>
 *
 * The checks run once, when the stream is made; each test then reports its own check's failures.
 */
public final class ConformanceTests {
    private ConformanceTests() {
    }

    /** The checks of every model of {@code provider}, with the kit's defaults. */
    public static Stream<DynamicTest> of(ModelProvider provider) {
        return of(ProviderConformance.forProvider(provider));
    }

    /** The checks of a configured kit (tolerances, batch size, the models to check). */
    public static Stream<DynamicTest> of(ProviderConformance kit) {
        Map<Check, List<String>> checks = kit.check().checks();
        return checks.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey().toString(), () -> {
            if (!e.getValue().isEmpty()) {
                throw new AssertionError(String.join("\n", e.getValue()));
            }
        }));
    }
}
