package org.metamerbench.cli;

import java.util.Locale;
import org.metamerbench.api.ModelCard;
import org.metamerbench.api.Modality;
import org.metamerbench.api.Stage;
import org.metamerbench.runner.engine.ModelRegistry;
import picocli.CommandLine.Command;

/** Lists the models the runner finds, with their stages and capabilities. */
@Command(name = "list-models", mixinStandardHelpOptions = true,
        description = "Lists every model found through the ModelProvider SPI: id, provider, role (generator: can "
                + "make metamers; observer: only classifies), what it takes (image or sound, input shape, value "
                + "range, sample rate), its number of classes, version, test accuracy, stages.")
public final class ListModelsCommand implements Runnable {
    @picocli.CommandLine.Mixin
    PluginOptions pluginOptions = new PluginOptions();

    @Override
    public void run() {
        ModelRegistry registry = pluginOptions.registry(false);
        String format = "%-18s %-8s %-9s %-6s %-22s %-8s %7s %-13s %9s  %s%n";
        System.out.printf(Locale.ROOT, format, "id", "provider", "role", "input", "shape", "range", "classes",
                "version", "test acc.", "stages");
        for (ModelCard c : registry.cards()) {
            StringBuilder stages = new StringBuilder();
            for (Stage s : c.stages()) {
                stages.append(stages.length() == 0 ? "" : ", ").append(s.name());
            }
            String rate = c.sampleRate() == 0 ? null : Integer.toString(c.sampleRate());
            System.out.printf(Locale.ROOT, format, c.id(), registry.get(c.id()).provider().name(),
                    c.canGenerate() ? "generator" : "observer", c.modality() == Modality.AUDIO ? "sound" : c.modality() == Modality.GRAPH ? "graph" : "image",
                    java.util.Arrays.toString(c.inputShape()).replace(" ", "") + (rate == null ? "" : " @" + rate + "Hz"),
                    String.format(Locale.ROOT, "[%s,%s]", trim(c.valueRange().lo()), trim(c.valueRange().hi())),
                    c.classLabels().size(), c.version().substring(0, Math.min(12, c.version().length())),
                    c.properties().getOrDefault("result.test_accuracy", "?"), stages);
            if (!c.description().isEmpty()) {
                System.out.println("                   " + c.description());
            }
        }
    }

    private static String trim(float v) {
        return v == Math.rint(v) ? Integer.toString((int) v) : Float.toString(v);
    }
}
