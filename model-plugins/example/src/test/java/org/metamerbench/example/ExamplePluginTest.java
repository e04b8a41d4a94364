package org.metamerbench.example;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.metamerbench.testkit.ConformanceTests;

/** What every plugin should do in its own tests: run the conformance kit, one named test per model and check. */
class ExamplePluginTest {
    @TestFactory
    Stream<DynamicTest> theExamplePluginConforms() {
        return ConformanceTests.of(new ExampleProvider());
    }
}
