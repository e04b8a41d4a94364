package org.metamerbench.zoo;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import org.metamerbench.datasets.AtomicFiles;

/**
 * Trains a zoo model with DJL on the PyTorch engine (CPU): Adam with a cosine learning-rate decay,
 * softmax cross-entropy, and optionally L2 adversarial (PGD) or random-perturbation training. Writes
 * the weights ({@code <id>.params}) and the model record ({@code <id>.properties}).
 */
public final class ZooTrainer {
    static final String ENGINE = "PyTorch";

    /**
     * Samples {@code [count, ...sampleShape]}, row-major (Fashion-MNIST images {@code [1, 28, 28]} in [0, 1], or
     * waveforms {@code [16000]} in [-1, 1]), their labels and the class names.
     */
    public record Data(float[] images, int[] labels, java.util.List<String> classLabels, int[] sampleShape) {
        public Data {
            int per = Arrays.stream(sampleShape).reduce(1, Math::multiplyExact);
            if (images.length != (long) labels.length * per) {
                throw new IllegalArgumentException(labels.length + " labels for " + images.length / per + " samples");
            }
        }

        /** Fashion-MNIST images. */
        public Data(float[] images, int[] labels, java.util.List<String> classLabels) {
            this(images, labels, classLabels, new int[] {1, 28, 28});
        }

        public int count() {
            return labels.length;
        }

        int sampleSize() {
            return images.length / labels.length;
        }
    }

    /** Receives progress, once per minibatch. */
    @FunctionalInterface
    public interface Progress {
        void update(int epoch, int step, int stepsPerEpoch, double meanLoss);
    }

    /** What a training run produced. */
    public record Result(Path weights, Path record, double testAccuracy, double seconds, String weightsSha256) {
    }

    private ZooTrainer() {
    }

    public static Result train(TrainingConfig cfg, Data train, Data test, Path outDir, Progress progress)
            throws IOException {
        Engine engine = Engine.getEngine(ENGINE);
        engine.setRandomSeed((int) cfg.seed());
        long started = System.nanoTime();
        StagedNetwork net = Architectures.build(cfg.architecture());
        long[] expected = net.inputShape().getShape();
        if (!Arrays.equals(expected, Arrays.stream(train.sampleShape()).asLongStream().toArray())) {
            throw new IllegalArgumentException(cfg.id() + ": " + cfg.architecture() + " takes samples of shape "
                    + net.inputShape() + ", the data are " + Arrays.toString(train.sampleShape()));
        }
        int stepsPerEpoch = (train.count() + cfg.batchSize() - 1) / cfg.batchSize();
        Tracker lr = Tracker.cosine().setBaseValue(cfg.learningRate()).optFinalValue(0f)
                .setMaxUpdates(cfg.epochs() * stepsPerEpoch).build();
        DefaultTrainingConfig tc = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optOptimizer(Optimizer.adam().optLearningRateTracker(lr).build());
        double accuracy;
        try (Model model = Model.newInstance(cfg.id(), ENGINE)) {
            model.setBlock(net.block());
            try (Trainer trainer = model.newTrainer(tc)) {
                trainer.initialize(net.batchShape(cfg.batchSize()));
                NDManager manager = trainer.getManager();
                Random shuffle = new Random(cfg.seed());
                int[] order = new int[train.count()];
                Arrays.setAll(order, i -> i);
                for (int epoch = 0; epoch < cfg.epochs(); epoch++) {
                    shuffle(order, shuffle);
                    double lossSum = 0;
                    for (int step = 0; step < stepsPerEpoch; step++) {
                        int from = step * cfg.batchSize();
                        int to = Math.min(train.count(), from + cfg.batchSize());
                        try (NDManager sub = manager.newSubManager()) {
                            NDArray x = images(sub, net, train, order, from, to);
                            NDArray y = labels(sub, train, order, from, to);
                            x = perturb(cfg, trainer, net, x, y, cfg.perturbationScale(epoch, step, stepsPerEpoch));
                            NDArray loss;
                            try (GradientCollector gc = trainer.newGradientCollector()) {
                                NDArray logits = trainer.forward(new NDList(x)).singletonOrThrow();
                                loss = trainer.getLoss().evaluate(new NDList(y), new NDList(logits));
                                gc.backward(loss);
                            }
                            float l = loss.getFloat();
                            if (!Float.isFinite(l)) {
                                throw new IllegalStateException(cfg.id() + ": training diverged (loss " + l
                                        + ") at epoch " + (epoch + 1) + ", step " + (step + 1));
                            }
                            trainer.step();
                            lossSum += l;
                        }
                        progress.update(epoch, step + 1, stepsPerEpoch, lossSum / (step + 1));
                    }
                }
                accuracy = accuracy(net, trainer, test);
            }
            Files.createDirectories(outDir);
            Path weights = outDir.resolve(cfg.id() + ".params");
            AtomicFiles.write(outDir, weights, os -> net.block().saveParameters(new DataOutputStream(os)));
            double seconds = (System.nanoTime() - started) / 1e9;
            String sha = ZooProvider.sha256(Files.readAllBytes(weights));
            Path record = ModelRecord.write(outDir, cfg, net, train.classLabels(), accuracy, test.count(), train.count(),
                    seconds, sha);
            return new Result(weights, record, accuracy, seconds, sha);
        }
    }


    /**
     * The training input: clean, or perturbed as the config says, with eps and step size times
     * {@code scale} (the warm-up). Parameters get no gradient here.
     */
    private static NDArray perturb(TrainingConfig cfg, Trainer trainer, StagedNetwork net, NDArray x, NDArray y,
            float scale) {
        float eps = cfg.perturbationEps() * scale;
        switch (cfg.perturbation()) {
            case "none":
                return x;
            case "random": {
                NDArray noise = x.getManager().randomNormal(x.getShape());
                return x.add(scaleToNorm(noise, eps)).clip(net.low(), net.high());
            }
            case "pgd":
                return pgdL2(trainer, net, x, y, eps, cfg.perturbationSteps(), cfg.perturbationStepSize() * scale);
            default:
                throw new IllegalStateException(cfg.perturbation());
        }
    }

    /**
     * L2 projected gradient ascent on the loss from the clean input (no random start): each step moves
     * by {@code stepSize} along the per-sample normalised gradient, then projects onto the eps-ball
     * around the clean input and onto the input range ([0, 1] for images, [-1, 1] for a waveform).
     */
    static NDArray pgdL2(Trainer trainer, StagedNetwork net, NDArray x, NDArray y, float eps, int steps,
            float stepSize) {
        net.block().freezeParameters(true);
        try {
            NDArray adv = x.duplicate();
            for (int k = 0; k < steps; k++) {
                adv.setRequiresGradient(true);
                try (GradientCollector gc = x.getManager().getEngine().newGradientCollector()) {
                    NDArray logits = trainer.forward(new NDList(adv)).singletonOrThrow();
                    gc.backward(trainer.getLoss().evaluate(new NDList(y), new NDList(logits)));
                }
                NDArray g = adv.getGradient();
                NDArray stepped = adv.add(scaleToNorm(g, stepSize));
                NDArray delta = stepped.sub(x);
                NDArray norms = perSampleNorm(delta);
                NDArray factor = norms.maximum(eps).pow(-1f).mul(eps);
                adv = x.add(delta.mul(factor)).clip(net.low(), net.high()).stopGradient();
            }
            return adv;
        } finally {
            net.block().freezeParameters(false);
        }
    }

    /** Each sample of {@code v} rescaled to L2 norm {@code norm} (zero samples stay zero). */
    static NDArray scaleToNorm(NDArray v, float norm) {
        return v.mul(perSampleNorm(v).add(1e-12f).pow(-1f).mul(norm));
    }

    /** Per-sample L2 norms, shaped to broadcast against {@code v} ({@code [n, 1, ..]}). */
    private static NDArray perSampleNorm(NDArray v) {
        long n = v.getShape().get(0);
        long[] shape = new long[v.getShape().dimension()];
        Arrays.fill(shape, 1);
        shape[0] = n;
        return v.reshape(n, -1).norm(new int[] {1}, true).reshape(new Shape(shape));
    }

    static double accuracy(StagedNetwork net, Trainer trainer, Data data) {
        int correct = 0;
        int[] all = new int[data.count()];
        Arrays.setAll(all, i -> i);
        int batch = net.modality() == org.metamerbench.api.Modality.AUDIO ? 100 : 1000;
        for (int from = 0; from < data.count(); from += batch) {
            int to = Math.min(data.count(), from + batch);
            try (NDManager sub = trainer.getManager().newSubManager()) {
                NDArray logits = trainer.evaluate(new NDList(images(sub, net, data, all, from, to))).singletonOrThrow();
                long[] pred = logits.argMax(1).toLongArray();
                for (int i = from; i < to; i++) {
                    if (pred[i - from] == data.labels()[i]) {
                        correct++;
                    }
                }
            }
        }
        return (double) correct / data.count();
    }

    private static NDArray images(NDManager m, StagedNetwork net, Data d, int[] order, int from, int to) {
        int per = d.sampleSize();
        float[] buf = new float[(to - from) * per];
        for (int i = from; i < to; i++) {
            System.arraycopy(d.images(), order[i] * per, buf, (i - from) * per, per);
        }
        return m.create(buf, net.batchShape(to - from));
    }

    private static NDArray labels(NDManager m, Data d, int[] order, int from, int to) {
        long[] buf = new long[to - from];
        for (int i = from; i < to; i++) {
            buf[i - from] = d.labels()[order[i]];
        }
        return m.create(buf).toType(DataType.INT64, false);
    }

    private static void shuffle(int[] a, Random rnd) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    static String format(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
