package org.metamerbench.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import me.tongfei.progressbar.ProgressBar;
import org.metamerbench.datasets.FashionMnist;
import org.metamerbench.results.IdxFile;
import org.metamerbench.datasets.folder.SpokenWordClips;
import org.metamerbench.zoo.TrainingConfig;
import org.metamerbench.zoo.TrainingStop;
import org.metamerbench.zoo.ZooTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Trains zoo models from their committed configs on the full Fashion-MNIST training set or on spoken words. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Trains built-in zoo models with DJL (PyTorch engine, CPU) on the 60,000 Fashion-MNIST "
                + "training images and reports accuracy on the 10,000 test images; word models (data=spoken-words, "
                + "or spoken-words-v2 for version 2 of the clips) on clips the committed script synthesises "
                + "(training voices), tested on clips by the held-out voices of the spoken-word stimulus set.",
                "Needs Debian's dataset-fashion-mnist (apt-get install dataset-fashion-mnist) or --data; word models "
                        + "need python3, espeak-ng, flite and sox."})
public final class TrainCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "CONFIG",
            description = "Training configs (.properties), or folders of them, e.g. model-plugins/zoo/training")
    List<Path> configs;

    @Option(names = "--data", paramLabel = "DIR", description = "Folder with the Fashion-MNIST IDX files "
            + "(default: ${DEFAULT-VALUE})")
    Path data = FashionMnist.DEBIAN_DIR;

    @Option(names = "--out", paramLabel = "DIR", description = "Where weights and records go "
            + "(default: ${DEFAULT-VALUE}; the built-in zoo lives in "
            + "model-plugins/zoo/src/main/resources/org/metamerbench/zoo/models)")
    Path out = Path.of("trained-models");

    @Option(names = "--epochs", paramLabel = "N", description = "Override the configs' epochs (for trials)")
    Integer epochs;

    @Option(names = "--speech-clips", paramLabel = "DIR", description = "Where spoken-word clips are made and "
            + "kept (default: ${DEFAULT-VALUE})")
    Path speechClips = Path.of("spoken-word-clips");

    @Option(names = "--speech-script", paramLabel = "FILE", description = "The script that makes them "
            + "(default: ${DEFAULT-VALUE})")
    Path speechScript = Path.of(SpokenWordClips.SCRIPT);

    @Option(names = "--train-per-word", paramLabel = "N", description = "Training clips per word (default: 400 for "
            + "data=spoken-words, 160 for data=spoken-words-v2: 8,000 clips of fifty words)")
    Integer trainPerWord;

    @Option(names = "--test-per-word", paramLabel = "N", description = "Test clips per word, by held-out voices "
            + "(default: 50 for data=spoken-words, 40 for data=spoken-words-v2)")
    Integer testPerWord;

    @Option(names = "--checkpoint-minutes", paramLabel = "M", description = "A checkpoint at least this often, "
            + "besides the end of every epoch and on SIGTERM or Ctrl-C (default: ${DEFAULT-VALUE}); a run finds its "
            + "checkpoint in --out/.checkpoints and resumes from it")
    double checkpointMinutes = 5;

    @Option(names = "--restart", description = "Discard the models' checkpoints and train from the start")
    boolean restart;

    @Override
    public Integer call() throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path c : configs) {
            if (Files.isDirectory(c)) {
                try (Stream<Path> s = Files.list(c)) {
                    s.filter(p -> p.toString().endsWith(".properties")).sorted().forEach(files::add);
                }
            } else {
                files.add(c);
            }
        }
        List<TrainingConfig> parsed = new ArrayList<>();
        List<Path> graphConfigs = new ArrayList<>();
        for (Path f : files) {
            java.util.Properties p = new java.util.Properties();
            try (java.io.Reader r = Files.newBufferedReader(f, java.nio.charset.StandardCharsets.ISO_8859_1)) {
                p.load(r);
            }
            if (org.metamerbench.zoo.GraphTrainer.isGraphConfig(p)) {
                graphConfigs.add(f);
                continue;
            }
            TrainingConfig cfg = TrainingConfig.read(f);
            parsed.add(epochs != null ? cfg.withEpochs(epochs) : cfg);
        }
        for (Path f : graphConfigs) {
            trainGraph(f);
        }
        java.util.Map<String, ZooTrainer.Data[]> byData = new java.util.HashMap<>();
        try {
            for (TrainingConfig c : parsed) {
                if (byData.containsKey(c.data())) {
                    continue;
                }
                if (c.data().equals(TrainingConfig.FASHION_MNIST)) {
                    byData.put(c.data(), new ZooTrainer.Data[] {toData(FashionMnist.train(data)),
                            toData(FashionMnist.test(data))});
                } else {
                    int v = c.clipsVersion();
                    byData.put(c.data(), new ZooTrainer.Data[] {
                            words("train", trainPerWord != null ? trainPerWord : v == 1 ? 400 : 160, v),
                            words("test", testPerWord != null ? testPerWord : v == 1 ? 50 : 40, v)});
                }
            }
        } catch (IOException e) {
            System.err.println("metamer-bench train: " + e.getMessage());
            return 2;
        }
        TrainingStop stop = new TrainingStop();
        Thread hook = new Thread(() -> stopAtACheckpoint(stop), "train: checkpoint on exit");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            for (TrainingConfig cfg : parsed) {
                ZooTrainer.Data[] d = byData.get(cfg.data());
                System.out.printf("== %s: %d training samples, %d test samples%n", cfg, d[0].count(), d[1].count());
                if (restart) {
                    Files.deleteIfExists(ZooTrainer.checkpoint(out, cfg.id()));
                }
                ZooTrainer.Result r;
                try (ProgressBar bar = Progress.bar(cfg.id(), (long) cfg.epochs()
                        * ((d[0].count() + cfg.batchSize() - 1) / cfg.batchSize()))) {
                    r = ZooTrainer.train(cfg, d[0], d[1], out, (epoch, step, steps, loss) -> {
                        bar.stepTo((long) epoch * steps + step);
                        bar.setExtraMessage(String.format(" epoch %d loss %.4f", epoch + 1, loss));
                    }, new ZooTrainer.Checkpoints(true, checkpointMinutes * 60, stop));
                } catch (IOException e) {
                    System.err.println("metamer-bench train: " + e.getMessage());
                    return 2;
                }
                System.out.printf("%s: test accuracy %.4f, %.0f s, weights %s (sha256 %s)%n", cfg.id(),
                        r.testAccuracy(), r.seconds(), r.weights(), r.weightsSha256().substring(0, 12));
            }
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException exiting) {
                // the JVM is exiting: the hook is running
            }
        }
        return 0;
    }

    /** Trains the graph model of config {@code f} on the built-in Cora graph (full batch: no checkpoints needed). */
    private void trainGraph(Path f) throws IOException {
        java.util.Properties p = new java.util.Properties();
        try (java.io.Reader r = Files.newBufferedReader(f, java.nio.charset.StandardCharsets.ISO_8859_1)) {
            p.load(r);
        }
        if (epochs != null) {
            p.setProperty("epochs", Integer.toString(epochs));
        }
        String dataName = p.getProperty("data", org.metamerbench.datasets.graph.GraphSets.CORA);
        org.metamerbench.zoo.GraphTrainer.Config cfg;
        try {
            cfg = org.metamerbench.zoo.GraphTrainer.Config.of(p);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(f + ": " + e.getMessage(), e);
        }
        org.metamerbench.datasets.graph.Graph g = org.metamerbench.datasets.graph.GraphSets.resolve(dataName).graph();
        System.out.printf("== %s (%s) on %s: %d nodes, %d training nodes, %d epochs%n", cfg.id(),
                cfg.architecture().id(), dataName, g.nodeCount(), g.nodesOf(
                org.metamerbench.datasets.graph.Graph.Split.TRAIN).length, cfg.epochs());
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager("PyTorch")) {
            org.metamerbench.zoo.GraphTrainer.Result r = org.metamerbench.zoo.GraphTrainer.train(cfg, g, m,
                    System.out::println);
            String sha = org.metamerbench.zoo.GraphTrainer.write(out, cfg, p, r, g, dataName);
            System.out.printf("%s: test accuracy %.4f, weights %s (sha256 %s)%n", cfg.id(), r.testAccuracy(),
                    out.resolve(cfg.id() + ".params"), sha.substring(0, 12));
        }
    }

    /**
     * On SIGTERM or Ctrl-C: the trainer writes a checkpoint at the end of its batch and its thread stays out of the
     * engine while the JVM exits (PyTorch's native state is torn down at exit; a thread in a backward pass then
     * crashes the JVM). Waits at most 10 minutes, more than a batch of the slowest zoo model takes.
     */
    private static void stopAtACheckpoint(TrainingStop stop) {
        stop.request(true);
        try {
            Path saved = stop.awaitCheckpoint(600_000);
            System.err.println(saved != null ? "metamer-bench train: stopped; `train` with the same configs resumes "
                    + "from " + saved : "metamer-bench train: stopped before a checkpoint was written");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The spoken-word clips of a part, made by the script if they are not there yet. */
    private ZooTrainer.Data words(String part, int perWord, int version) throws IOException {
        System.out.printf("spoken-word clips (version %d, %s, %d per word) under %s%n", version, part, perWord,
                speechClips);
        Path folder = SpokenWordClips.ensure(speechScript, speechClips, part, perWord, version);
        // The clips at the rate and length the word models' front end takes.
        org.metamerbench.auditory.ErbFilterBank bank = org.metamerbench.auditory.CochlearFrontEnd.REDUCED.filters();
        SpokenWordClips.Clips c = SpokenWordClips.load(folder, perWord, bank.rate(), bank.samples());
        return new ZooTrainer.Data(c.samples(), c.labels(), c.words(), new int[] {c.samplesPerClip()});
    }

    static ZooTrainer.Data toData(FashionMnist.Split split) {
        IdxFile img = split.images();
        byte[] raw = img.data();
        float[] px = new float[raw.length];
        for (int i = 0; i < raw.length; i++) {
            px[i] = (raw[i] & 0xff) / 255f;
        }
        int[] labels = new int[split.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = split.labels().label(i);
        }
        return new ZooTrainer.Data(px, labels, FashionMnist.CLASS_LABELS);
    }
}
