package org.metamerbench.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.metamerbench.datasets.FashionMnist;
import org.metamerbench.datasets.StimulusSet;
import org.metamerbench.datasets.StimulusSetBuilder;
import org.metamerbench.datasets.StimulusSetLoader;
import org.metamerbench.datasets.StimulusSetManifest;
import org.metamerbench.results.OwnedOutput;
import org.metamerbench.datasets.folder.FolderSetBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Builds and checks stimulus sets and null pools. */
@Command(name = "datasets", mixinStandardHelpOptions = true,
        description = "Builds the built-in stimulus set and null pool from the original Fashion-MNIST files, "
                + "or checks a set against its manifest.",
        subcommands = {DatasetsCommand.Build.class, DatasetsCommand.Verify.class})
public final class DatasetsCommand extends CommandGroup {

    @Command(name = "build", mixinStandardHelpOptions = true,
            description = {"Without --from: writes fashion-mnist-test-100 and fashion-mnist-train-2000 (IDX files "
                    + "and manifest.json) into OUT; the result is byte for byte the built-in sets.",
                    "With --from DIR: makes OUT/NAME (the stimulus set) and OUT/NAME-pool (its null pool) from a "
                    + "folder of images (PNG, JPEG) or sounds (WAV), labelled by DIR/labels.csv (file,label) or by "
                    + "class sub-folders, with the pool's near-duplicate pairs in OUT/NAME-pool/near-duplicates.csv."})
    static final class Build implements Callable<Integer> {
        @Option(names = "--data", description = "Folder with the Fashion-MNIST IDX files (default: ${DEFAULT-VALUE})")
        Path data = FashionMnist.DEBIAN_DIR;

        @Option(names = "--from", paramLabel = "DIR", description = "A lab's folder of labelled images or sounds")
        Path from;

        @Option(names = "--graph", paramLabel = "DIR", description = "A graph's nodes.csv, edges.csv and features.csv "
                + "(docs/graphs.md): makes OUT/NAME, a graph stimulus set (test-split nodes with their neighbourhoods; "
                + "null pool: the training split)")
        Path graph;

        @Option(names = "--source", paramLabel = "KEY=VALUE", description = "Provenance of a --graph set for its "
                + "manifest (repeatable; default: folder=DIR)")
        java.util.Map<String, String> source;

        @Option(names = "--hops", description = "A graph stimulus's neighbourhood: the receptive field of the models' "
                + "deepest stage (default: ${DEFAULT-VALUE})")
        int hops = org.metamerbench.datasets.graph.GraphSets.DEFAULT_HOPS;

        @Option(names = "--name", description = "Name of the set made --from a folder (a safe name; the pool is "
                + "NAME-pool) or --graph")
        String name;

        @Option(names = "--modality", description = "image or sound (default: ${DEFAULT-VALUE})")
        String modality = "image";

        @Option(names = "--size", paramLabel = "WxH", description = "Image size (default: ${DEFAULT-VALUE})")
        String size = "64x64";

        @Option(names = "--channels", description = "1 (grey) or 3 (RGB) (default: ${DEFAULT-VALUE})")
        int channels = 3;

        @Option(names = "--rate", paramLabel = "HZ", description = "Sample rate of sounds (default: ${DEFAULT-VALUE})")
        int rate = 16000;

        @Option(names = "--seconds", description = "Length of sounds (default: ${DEFAULT-VALUE})")
        double seconds = 1.0;

        @Option(names = "--sound-dtype", description = "How sounds are stored: float32, or int16 (16-bit PCM, half "
                + "the size) (default: ${DEFAULT-VALUE})")
        String soundDtype = "float32";

        @Option(names = "--per-class", paramLabel = "N", description = "Stimuli per class (default: ${DEFAULT-VALUE})")
        int perClass = 10;

        @Option(names = "--pool-per-class", paramLabel = "K", description = "Null-pool samples per class "
                + "(default: ${DEFAULT-VALUE})")
        int poolPerClass = 20;

        @Option(names = "--seed", description = "Seed of the per-class permutation (default: ${DEFAULT-VALUE})")
        long seed = 2019;

        @Option(names = "--out", required = true, description = "Output folder; one sub-folder per set, created, or "
                + "replaced if this command wrote it and nothing was added")
        Path out;

        @picocli.CommandLine.Mixin
        ForceOption force = new ForceOption();

        @Override
        public Integer call() throws Exception {
            if (from != null && graph != null) {
                throw new IllegalArgumentException("give --from (images, sounds) or --graph, not both");
            }
            if (from != null) {
                return fromFolder();
            }
            if (graph != null) {
                return fromGraph();
            }
            for (StimulusSetBuilder.Recipe r : new StimulusSetBuilder.Recipe[] {StimulusSetBuilder.STIMULUS_SET,
                    StimulusSetBuilder.NULL_POOL}) {
                StimulusSetManifest[] built = new StimulusSetManifest[1];
                OwnedOutput.replaceFolder(out.resolve(r.name()), "datasets build", force.force,
                        dir -> built[0] = StimulusSetBuilder.build(r, data, dir));
                StimulusSetManifest m = built[0];
                System.out.printf("%s: %d images, sha256 %s%n", m.name(), m.items().size(), m.sha256());
            }
            return 0;
        }

        private int fromGraph() throws java.io.IOException {
            if (name == null) {
                throw new IllegalArgumentException("--graph needs --name");
            }
            org.metamerbench.api.harness.SafeName.check("--name", name);
            org.metamerbench.datasets.graph.Graph g = org.metamerbench.datasets.graph.GraphFiles.read(graph);
            org.metamerbench.datasets.graph.GraphStimulusSet[] built = new org.metamerbench.datasets.graph
                    .GraphStimulusSet[1];
            OwnedOutput.replaceFolder(out.resolve(name), "datasets build", force.force, dir -> built[0] =
                    org.metamerbench.datasets.graph.GraphSets.build(g, graph, dir, name, hops, perClass, seed,
                    source != null ? new java.util.TreeMap<>(source)
                    : java.util.Map.of("folder", graph.toAbsolutePath().normalize().toString())));
            var m = built[0].manifest();
            System.out.printf("%s: a graph of %d nodes, %d edges, %d features; %d stimuli (%d-hop neighbourhoods), "
                    + "null pool %d nodes, %d classes, sha256 %s%n", m.name(), m.graph().nodes(), m.graph().edges(),
                    m.graph().features(), m.stimuli().size(), m.hops(), m.nullPool().size(), m.classLabels().size(),
                    m.sha256());
            return 0;
        }

        private int fromFolder() throws java.io.IOException {
            if (name == null) {
                throw new IllegalArgumentException("--from needs --name");
            }
            StimulusSetManifest.Stimuli stimuli;
            if (modality.equals("image")) {
                String[] wh = size.split("x", -1);
                if (wh.length != 2 || !wh[0].matches("[1-9][0-9]{0,4}") || !wh[1].matches("[1-9][0-9]{0,4}")) {
                    throw new IllegalArgumentException("--size '" + size + "': expected WxH, e.g. 64x64");
                }
                stimuli = new StimulusSetManifest.Stimuli("image", java.util.List.of(channels,
                        Integer.parseInt(wh[1]), Integer.parseInt(wh[0])), "uint8", java.util.List.of(0f, 1f), null);
            } else if (modality.equals("sound")) {
                if (!soundDtype.equals("float32") && !soundDtype.equals("int16")) {
                    throw new IllegalArgumentException("--sound-dtype '" + soundDtype + "': float32 or int16");
                }
                stimuli = new StimulusSetManifest.Stimuli("sound", java.util.List.of((int) Math.round(seconds * rate)),
                        soundDtype, java.util.List.of(-1f, 1f), rate);
            } else {
                throw new IllegalArgumentException("--modality '" + modality + "': image or sound");
            }
            FolderSetBuilder.Built b = FolderSetBuilder.build(from, out, new FolderSetBuilder.Options(name, stimuli,
                    perClass, poolPerClass, seed), force.force);
            b.repeated().forEach(r -> System.out.println("counted once: " + r));
            System.out.printf("%s: %d stimuli, %d classes, sha256 %s%n", b.set().name(), b.set().items().size(),
                    b.set().classLabels().size(), b.set().sha256());
            if (b.pool() != null) {
                System.out.printf("%s: %d samples, sha256 %s%n", b.pool().name(), b.pool().items().size(),
                        b.pool().sha256());
                java.nio.file.Path report = out.resolve(b.pool().name()).resolve(FolderSetBuilder.NEAR_DUPLICATES_CSV);
                System.out.printf("%d near-duplicate pairs in the pool (Pearson r >= %.2f; they set the null "
                        + "maximum): %s%n", b.nearDuplicates().size(), FolderSetBuilder.NEAR_DUPLICATE, report);
            }
            return 0;
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Loads a set (a built-in name or a folder) and checks every file against its manifest.")
    static final class Verify implements Callable<Integer> {
        @Parameters(paramLabel = "NAME|DIR")
        String set;

        @Override
        public Integer call() throws Exception {
            if (org.metamerbench.datasets.graph.GraphSets.isGraphSet(set)) {
                var g = org.metamerbench.datasets.graph.GraphSets.resolve(set);
                System.out.printf("%s: graph set, %d stimuli, %d pool nodes, %d classes, sha256 %s: OK%n", g.name(),
                        g.stimuli().size(), g.nullPool().size(), g.classLabels().size(), g.sha256());
                return 0;
            }
            StimulusSet s = StimulusSetLoader.resolve(set);
            System.out.printf("%s: %d images, %d classes, sha256 %s: OK%n", s.name(), s.size(),
                    s.classLabels().size(), s.sha256());
            return 0;
        }
    }
}
