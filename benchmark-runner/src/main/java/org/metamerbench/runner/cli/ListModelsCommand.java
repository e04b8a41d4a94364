package org.metamerbench.runner.cli;

import java.util.Locale;
import org.metamerbench.api.ModelCard;
import org.metamerbench.api.Stage;
import org.metamerbench.runner.engine.ModelRegistry;
import picocli.CommandLine.Command;

/** Lists the models the runner finds, with their stages and capabilities. */
@Command(name = "list-models", mixinStandardHelpOptions = true,
        description = "Lists every model found through the ModelProvider SPI: id, provider, role, accuracy, stages.")
public final class ListModelsCommand implements Runnable {
    @picocli.CommandLine.Mixin
    PluginOptions pluginOptions = new PluginOptions();

    @Override
    public void run() {
        ModelRegistry registry = pluginOptions.registry(false);
        System.out.printf(Locale.ROOT, "%-13s %-6s %-9s %-13s %9s  %s%n", "id", "provider", "role", "version",
                "test acc.", "stages");
        for (ModelCard c : registry.cards()) {
            StringBuilder stages = new StringBuilder();
            for (Stage s : c.stages()) {
                stages.append(stages.length() == 0 ? "" : ", ").append(s.name());
            }
            System.out.printf(Locale.ROOT, "%-13s %-8s %-9s %-13s %9s  %s%n", c.id(), registry.get(c.id()).provider().name(),
                    c.canGenerate() ? "generator" : "observer", c.version().substring(0, Math.min(12, c.version().length())),
                    c.properties().getOrDefault("result.test_accuracy", "?"), stages);
            if (!c.description().isEmpty()) {
                System.out.println("              " + c.description());
            }
        }
    }
}
