package org.metamerbench.example;

import org.junit.jupiter.api.Test;
import org.metamerbench.api.conformance.ProviderConformance;

/** What every plugin should do in its own tests: run the conformance kit. */
class ExamplePluginTest {
    @Test
    void theExamplePluginConforms() {
        ProviderConformance.forProvider(new ExampleProvider()).assertConforms();
    }
}
