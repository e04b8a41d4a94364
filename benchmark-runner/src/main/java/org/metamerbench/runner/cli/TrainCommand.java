package org.metamerbench.runner.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import me.tongfei.progressbar.ProgressBar;
import org.metamerbench.datasets.FashionMnist;
import org.metamerbench.datasets.IdxFile;
import org.metamerbench.zoo.TrainingConfig;
import org.metamerbench.zoo.ZooTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Trains zoo models from their committed configs on the full Fashion-MNIST training set. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Trains built-in zoo models with DJL (PyTorch engine, CPU) on the 60,000 Fashion-MNIST "
                + "training images and reports accuracy on the 10,000 test images.",
                "Needs Debian's dataset-fashion-mnist (apt-get install dataset-fashion-mnist) or --data."})
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
        for (Path f : files) {
            TrainingConfig cfg = TrainingConfig.read(f);
            if (epochs != null) {
                cfg = new TrainingConfig(cfg.id(), cfg.architecture(), cfg.description(), cfg.seed(), epochs,
                        cfg.batchSize(), cfg.learningRate(), cfg.perturbation(), cfg.perturbationEps(),
                        cfg.perturbationSteps(), cfg.perturbationStepSize());
            }
            parsed.add(cfg);
        }
        FashionMnist.Split train;
        FashionMnist.Split test;
        try {
            train = FashionMnist.train(data);
            test = FashionMnist.test(data);
        } catch (IOException e) {
            System.err.println("metamer-bench train: " + e.getMessage());
            return 2;
        }
        ZooTrainer.Data trainData = toData(train);
        ZooTrainer.Data testData = toData(test);
        System.out.printf("training %d model(s) on %d images, testing on %d%n", parsed.size(), train.size(), test.size());
        for (TrainingConfig cfg : parsed) {
            System.out.println("== " + cfg);
            ZooTrainer.Result r;
            try (ProgressBar bar = Progress.bar(cfg.id(), (long) cfg.epochs()
                    * ((train.size() + cfg.batchSize() - 1) / cfg.batchSize()))) {
                r = ZooTrainer.train(cfg, trainData, testData, out, (epoch, step, steps, loss) -> {
                    bar.stepTo((long) epoch * steps + step);
                    bar.setExtraMessage(String.format(" epoch %d loss %.4f", epoch + 1, loss));
                });
            }
            System.out.printf("%s: test accuracy %.4f, %.0f s, weights %s (sha256 %s)%n", cfg.id(),
                    r.testAccuracy(), r.seconds(), r.weights(), r.weightsSha256().substring(0, 12));
        }
        return 0;
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
