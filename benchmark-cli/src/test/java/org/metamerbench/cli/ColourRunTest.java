package org.metamerbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metamerbench.datasets.StimulusSet;
import org.metamerbench.datasets.StimulusSetLoader;
import org.metamerbench.results.MetamerRow;
import org.metamerbench.results.ResultFiles;
import org.metamerbench.scoring.RunResults;

/**
 * The whole benchmark on a lab's colour pictures: a stimulus set built from a folder of 64 x 64 RGB
 * PNGs, the quick profile's protocol (shortened) with two TorchScript packages trained on such
 * pictures, the report's metamer grid in colour, and the experiment's pages at the pictures' size.
 */
class ColourRunTest {
    static final Path COLOUR = Path.of("..", "model-plugins", "packages", "src", "test", "resources", "fixtures",
            "colour");

    @Test
    void theQuickProfileRunsOnColourPicturesEndToEnd(@TempDir Path tmp) throws IOException {
        Path sets = tmp.resolve("sets");
        Object[] built = ZooVariant.capture(() -> Main.execute("datasets", "build", "--from",
                COLOUR.resolve("pictures").toString(), "--name", "colour64", "--out", sets.toString(), "--size",
                "64x64", "--channels", "3", "--per-class", "4", "--pool-per-class", "24"));
        assertEquals(0, built[0], (String) built[1]);
        StimulusSet set = StimulusSetLoader.resolve(sets.resolve("colour64").toString());
        assertEquals(List.of(3, 64, 64), java.util.Arrays.stream(set.sampleShape()).boxed().toList());
        assertEquals(40, set.size());

        Path plugins = tmp.resolve("plugins");
        Files.createDirectories(plugins);
        for (String m : List.of("colour-resnet.zip", "colour-cnn.zip")) {
            Files.copy(COLOUR.resolve(m), plugins.resolve(m));
        }
        Path out = tmp.resolve("results");
        Object[] ran = ZooVariant.capture(() -> Main.execute("run", "--profile", "quick", "--plugins",
                plugins.toString(), "--stimulus-set", sets.resolve("colour64").toString(), "--null-pool",
                sets.resolve("colour64-pool").toString(), "--models", "colour-resnet,colour-cnn", "--reference-panel",
                "colour-resnet,colour-cnn", "--stimuli", "20",
                "--schedule-stages", "2", "--steps", "15", "--bootstrap", "50", "--out", out.toString(), "--run-id",
                "colour"));
        assertEquals(0, ran[0], (String) ran[1]);
        assertTrue(((String) ran[1]).contains("cnn-s1") && ((String) ran[1]).contains("left out"),
                "the zoo's grey 28 x 28 models are left out, with the reason: " + ran[1]);
        Path run = out.resolve("colour");
        RunResults results = RunResults.load(run);
        assertEquals(List.of("colour-resnet", "colour-cnn"), results.panel(), "the declared panel is scored");
        assertTrue(results.panelIdentity().startsWith("declared reference panel "), results.panelIdentity());
        List<MetamerRow> metamers = results.metamers();
        assertEquals(20 * (6 + 4), metamers.size(), "20 stimuli at colour-resnet's 6 stages and colour-cnn's 4");

        // No built-in model shares the task, so none can be declared for the panel.
        Object[] refused = ZooVariant.capture(() -> Main.execute("run", "--plugins", plugins.toString(),
                "--stimulus-set", sets.resolve("colour64").toString(), "--null-pool",
                sets.resolve("colour64-pool").toString(), "--models", "colour-cnn", "--reference-panel", "cnn-s1",
                "--out", out.toString(), "--run-id", "refused"));
        assertEquals(2, refused[0], (String) refused[1]);
        assertTrue(((String) refused[1]).contains("--reference-panel names cnn-s1, which does not observe this run "
                + "(refused: cnn-s1 does not share the task"), (String) refused[1]);

        // Metamers are written as colour pictures of the set's size.
        MetamerRow first = metamers.get(0);
        BufferedImage m = ImageIO.read(ResultFiles.metamerImage(run, first.generator(), first.stage(),
                first.stimulusId()).toFile());
        assertEquals(64, m.getWidth());
        assertEquals(64, m.getHeight());
        assertEquals(3, m.getColorModel().getNumColorComponents());

        // The report's grid shows the reference pictures in colour.
        Path grid;
        try (Stream<Path> files = Files.walk(run)) {
            grid = files.filter(p -> p.getFileName().toString().endsWith(".png")
                    && p.getFileName().toString().contains("colour-resnet-metamers")).findFirst().orElseThrow();
        }
        assertTrue(colourfulFraction(ImageIO.read(grid.toFile())) > 0.05,
                "a colour grid has many pixels whose channels differ: " + grid);

        // The experiment shows the pictures at 3 x 64 = 192 CSS pixels, in colour.
        Path exp = tmp.resolve("experiment");
        Object[] ex = ZooVariant.capture(() -> Main.execute("experiment", "build", "--run", run.toString(), "--out",
                exp.toString(), "--participants", "2"));
        assertEquals(0, ex[0], (String) ex[1]);
        JsonNode plan = new ObjectMapper().readTree(exp.resolve("experiment.json").toFile());
        assertEquals(192, plan.at("/display_px/width").asInt());
        assertEquals(192, plan.at("/display_px/height").asInt());
        try (Stream<Path> images = Files.list(exp.resolve("stimuli"))) {
            for (Path p : images.toList()) {
                BufferedImage img = ImageIO.read(p.toFile());
                assertEquals(64, img.getWidth(), p.toString());
                assertEquals(3, img.getColorModel().getNumColorComponents(), p.toString());
            }
        }
        aChangedPoolIsRefused(sets, run, tmp);
    }

    /** A run read later finds its lab pool where it was; a pool rebuilt since then is refused, not used. */
    static void aChangedPoolIsRefused(Path sets, Path run, Path tmp) {
        Object[] rebuilt = ZooVariant.capture(() -> Main.execute("datasets", "build", "--from",
                COLOUR.resolve("pictures").toString(), "--name", "colour64", "--out", sets.toString(), "--size",
                "64x64", "--channels", "3", "--per-class", "4", "--pool-per-class", "24", "--seed", "7"));
        assertEquals(0, rebuilt[0], (String) rebuilt[1]);
        Object[] stale = ZooVariant.capture(() -> Main.execute("experiment", "build", "--run", run.toString(), "--out",
                tmp.resolve("experiment-2").toString()));
        assertEquals(2, stale[0], (String) stale[1]);
        assertTrue(((String) stale[1]).contains("is not the one the run used"), (String) stale[1]);
    }

    /**
     * The fraction of pixels whose red, green and blue differ by more than 16 levels, leaving out the
     * grid's green and red verdict frames (a grey grid scores about 0).
     */
    static double colourfulFraction(BufferedImage img) {
        long colourful = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y) & 0xffffff;
                if (rgb == 0x1a9850 || rgb == 0xd73027) {
                    continue;
                }
                int r = (rgb >> 16) & 255;
                int g = (rgb >> 8) & 255;
                int b = rgb & 255;
                if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 16) {
                    colourful++;
                }
            }
        }
        return colourful / (double) ((long) img.getWidth() * img.getHeight());
    }
}
