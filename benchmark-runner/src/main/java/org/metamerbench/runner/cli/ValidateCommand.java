package org.metamerbench.runner.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.metamerbench.api.ModelCard;
import org.metamerbench.api.ModelProvider;
import org.metamerbench.api.conformance.ProviderConformance;
import org.metamerbench.runner.engine.ModelRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Checks a plugin jar without running the benchmark. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check a plugin jar or a model package (zip or jar with metamer-model.json) as the runner "
                + "would load it (a jar in its own class loader, through ServiceLoader), then "
                + "run the conformance kit on every model it offers: ids, shapes, ranges, determinism, batch "
                + "independence, finite outputs, input gradients against finite differences. Exit 0 if it conforms, "
                + "1 if a check fails, 2 if the jar cannot be loaded.")
final class ValidateCommand implements Callable<Integer> {
    @Parameters(paramLabel = "PATH", description = "Plugin jar or model package")
    Path jar;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException(jar + ": no such file");
        }
        Path dir = Files.createTempDirectory("metamer-bench-validate");
        try {
            org.metamerbench.datasets.AtomicFiles.write(dir, dir.resolve(jar.getFileName()), out -> Files.copy(jar, out));
            ModelRegistry r = ModelRegistry.discover(ClassLoader.getPlatformClassLoader(), dir);
            r.problems().forEach(p -> System.out.println("problem: " + p.replace(dir.toString(), jar.getParent() == null
                    ? "." : jar.getParent().toString())));
            List<ModelProvider> providers = r.cards().stream().map(c -> r.get(c.id()).provider()).distinct().toList();
            if (providers.isEmpty()) {
                System.out.println(jar + ": no usable provider");
                return 2;
            }
            boolean ok = r.problems().isEmpty();
            for (ModelProvider p : providers) {
                System.out.println("provider " + p.name() + " (" + p.getClass().getName() + "): "
                        + p.models().stream().map(ModelCard::id).toList());
                ProviderConformance.ConformanceReport report = ProviderConformance.forProvider(p).check();
                report.measurements().forEach(m -> System.out.println("  measured " + m));
                report.failures().forEach(f -> System.out.println("  FAIL " + f));
                System.out.println(report.passed() ? "  conforms" : "  does not conform");
                ok &= report.passed();
            }
            return ok ? 0 : 1;
        } finally {
            org.metamerbench.datasets.AtomicFiles.deleteTree(dir.getParent(), dir);
        }
    }
}
