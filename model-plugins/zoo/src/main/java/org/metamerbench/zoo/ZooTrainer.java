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
import ai.djl.training.ParameterStore;
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
import org.metamerbench.results.AtomicFiles;

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

    /**
     * How a run keeps checkpoints: written at the end of every epoch, at least every {@code every} seconds, and when
     * {@code stop} is requested; a run finds its checkpoint in the output folder and resumes from it.
     */
    public record Checkpoints(boolean enabled, double every, TrainingStop stop) {
        public static Checkpoints none() {
            return new Checkpoints(false, Double.POSITIVE_INFINITY, new TrainingStop());
        }
    }

    /** Training stopped on request after writing its checkpoint. */
    public static final class Stopped extends RuntimeException {
        private final transient Path checkpoint;

        Stopped(String id, Path checkpoint) {
            super(id + ": stopped; resumes from " + checkpoint);
            this.checkpoint = checkpoint;
        }

        public Path checkpoint() {
            return checkpoint;
        }
    }

    /** Where the checkpoint of a model trained into {@code outDir} is kept while it trains. */
    public static Path checkpoint(Path outDir, String id) {
        return TrainingCheckpoint.file(outDir, id);
    }

    public static Result train(TrainingConfig cfg, Data train, Data test, Path outDir, Progress progress)
            throws IOException {
        return train(cfg, train, test, outDir, progress, Checkpoints.none());
    }

    public static Result train(TrainingConfig cfg, Data train, Data test, Path outDir, Progress progress,
            Checkpoints checkpoints) throws IOException {
        Engine engine = Engine.getEngine(ENGINE);
        engine.setRandomSeed((int) cfg.seed());
        long started = System.nanoTime();
        StagedNetwork net = Architectures.build(cfg.architecture(), train.classLabels().size());
        long[] expected = net.inputShape().getShape();
        if (!Arrays.equals(expected, Arrays.stream(train.sampleShape()).asLongStream().toArray())) {
            throw new IllegalArgumentException(cfg.id() + ": " + cfg.architecture() + " takes samples of shape "
                    + net.inputShape() + ", the data are " + Arrays.toString(train.sampleShape()));
        }
        String fingerprint = checkpoints.enabled() ? TrainingCheckpoint.fingerprint(train) : "";
        TrainingCheckpoint resume = checkpoints.enabled() ? TrainingCheckpoint.find(outDir, cfg, fingerprint) : null;
        int stepsPerEpoch = (train.count() + cfg.batchSize() - 1) / cfg.batchSize();
        Tracker lr = learningRate(cfg, stepsPerEpoch);
        ZooAdam adam = ZooAdam.of(lr, resume == null ? 0 : resume.updates());
        DefaultTrainingConfig tc = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()).optOptimizer(adam);
        double accuracy;
        double before = resume == null ? 0 : resume.seconds();
        int resumes = resume == null ? 0 : resume.resumes() + 1;
        try (NDManager scratch = NDManager.newBaseManager(ENGINE);
                Model model = Model.newInstance(cfg.id(), ENGINE)) {
            StagedNetwork saved = resume == null ? null : decode(net.architecture(), train.classLabels().size(), scratch, resume);
            engine.setRandomSeed((int) cfg.seed()); // the run's draws start from its seed, resumed or not
            model.setBlock(net.block());
            try (Trainer trainer = model.newTrainer(tc)) {
                trainer.initialize(net.batchShape(cfg.batchSize()));
                Architectures.prepare(net);
                NDManager manager = trainer.getManager();
                Random shuffle = new Random(cfg.seed());
                int[] order = new int[train.count()];
                Arrays.setAll(order, i -> i);
                int firstEpoch = 0;
                int firstStep = 0;
                double carriedLoss = 0;
                int updates = 0;
                if (resume != null) {
                    restore(saved, net, adam, resume);
                    scratch.close();
                    firstEpoch = resume.epoch();
                    firstStep = resume.step();
                    carriedLoss = resume.epochLoss();
                    updates = resume.updates();
                    for (int e = 0; e < firstEpoch; e++) {
                        shuffle(order, shuffle);
                    }
                    replayRandomDraws(cfg, net, manager, train.count(), stepsPerEpoch, firstEpoch, firstStep);
                    System.out.printf("%s: resumed from %s at epoch %d, batch %d of %d (%.0f s spent before)%n",
                            cfg.id(), TrainingCheckpoint.file(outDir, cfg.id()), firstEpoch + 1, firstStep + 1,
                            stepsPerEpoch, before);
                }
                long lastCheckpoint = System.nanoTime();
                checkpoints.stop().training(true);
                try {
                    for (int epoch = firstEpoch; epoch < cfg.epochs(); epoch++) {
                        shuffle(order, shuffle);
                        double lossSum = epoch == firstEpoch ? carriedLoss : 0;
                        for (int step = epoch == firstEpoch ? firstStep : 0; step < stepsPerEpoch; step++) {
                            int from = step * cfg.batchSize();
                            int to = Math.min(train.count(), from + cfg.batchSize());
                            try (NDManager sub = manager.newSubManager()) {
                                NDArray x = space(cfg, net, images(sub, net, train, order, from, to));
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
                                updates++;
                                lossSum += l;
                            }
                            progress.update(epoch, step + 1, stepsPerEpoch, lossSum / (step + 1));
                            boolean epochEnd = step + 1 == stepsPerEpoch;
                            boolean due = (System.nanoTime() - lastCheckpoint) / 1e9 >= checkpoints.every();
                            boolean stop = checkpoints.stop().requested();
                            if (checkpoints.enabled() && (epochEnd || due || stop)) {
                                double spent = before + (System.nanoTime() - started) / 1e9;
                                // where the next batch is: the next epoch's first, or this epoch's next
                                new TrainingCheckpoint(cfg.toMap(), fingerprint, epochEnd ? epoch + 1 : epoch,
                                        epochEnd ? 0 : step + 1, updates, epochEnd ? 0 : lossSum, spent, resumes,
                                        weights(net), moments(net, adam)).write(outDir, cfg.id());
                                lastCheckpoint = System.nanoTime();
                                if (stop) {
                                    Path f = TrainingCheckpoint.file(outDir, cfg.id());
                                    checkpoints.stop().saved(f);
                                    throw new Stopped(cfg.id(), f);
                                }
                            }
                        }
                    }
                } finally {
                    checkpoints.stop().training(false);
                }
                accuracy = accuracy(net, trainer, test);
            }
            Files.createDirectories(outDir);
            Path weights = outDir.resolve(cfg.id() + ".params");
            AtomicFiles.write(outDir, weights, os -> net.block().saveParameters(new DataOutputStream(os)));
            double seconds = before + (System.nanoTime() - started) / 1e9;
            String sha = ZooProvider.sha256(Files.readAllBytes(weights));
            Path record = ModelRecord.write(outDir, cfg, net, train.classLabels(), accuracy, test.count(), train.count(),
                    seconds, sha, resumes);
            Files.deleteIfExists(TrainingCheckpoint.file(outDir, cfg.id()));
            return new Result(weights, record, accuracy, seconds, sha);
        }
    }

    /** The learning rate by update: the config's linear warm-up from 0, if any, then a cosine decay to 0. */
    static Tracker learningRate(TrainingConfig cfg, int stepsPerEpoch) {
        int warmup = cfg.learningRateWarmupEpochs() * stepsPerEpoch;
        Tracker lr = Tracker.cosine().setBaseValue(cfg.learningRate()).optFinalValue(0f)
                .setMaxUpdates(cfg.epochs() * stepsPerEpoch - warmup).build();
        return warmup == 0 ? lr : Tracker.warmUp().optWarmUpBeginValue(0f).optWarmUpSteps(warmup).setMainTracker(lr)
                .build();
    }

    private static byte[] weights(StagedNetwork net) throws IOException {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        net.block().saveParameters(new DataOutputStream(b));
        return b.toByteArray();
    }

    /** Adam's moments by parameter name, in the block's parameter order (ids are new in every process). */
    private static java.util.List<TrainingCheckpoint.Moments> moments(StagedNetwork net, ZooAdam adam) {
        java.util.List<TrainingCheckpoint.Moments> out = new java.util.ArrayList<>();
        for (var p : net.block().getParameters()) {
            float[][] m = adam.moments(p.getValue().getId());
            if (m != null) {
                out.add(new TrainingCheckpoint.Moments(p.getKey(), p.getValue().getArray().getShape().getShape(),
                        m[0], m[1]));
            }
        }
        return out;
    }

    /**
     * A checkpoint's weights in a network of their own, on {@code scratch}. Making it draws from the engine's
     * generator (initialisation), so the caller seeds the generator again before the run's own draws.
     */
    private static StagedNetwork decode(String architecture, int classes, NDManager scratch, TrainingCheckpoint c)
            throws IOException {
        StagedNetwork saved = Architectures.build(architecture, classes);
        saved.block().initialize(scratch, DataType.FLOAT32, saved.batchShape(1));
        try {
            saved.block().loadParameters(scratch, new java.io.DataInputStream(
                    new java.io.ByteArrayInputStream(c.weights())));
        } catch (ai.djl.MalformedModelException e) {
            throw new IOException("the checkpoint's weights do not fit " + architecture + ": " + e.getMessage(), e);
        }
        return saved;
    }

    /**
     * Takes up a checkpoint: its weights copied into the trainer's parameter arrays in place (the trainer holds those
     * arrays; loading would replace them), and Adam's moments for the parameters' next updates.
     */
    private static void restore(StagedNetwork saved, StagedNetwork net, ZooAdam adam, TrainingCheckpoint c)
            throws IOException {
        var from = saved.block().getParameters();
        var to = net.block().getParameters();
        for (int k = 0; k < to.size(); k++) {
            NDArray src = from.get(k).getValue().getArray();
            NDArray dst = to.get(k).getValue().getArray();
            if (!src.getShape().equals(dst.getShape()) || src.getDataType() != dst.getDataType()) {
                throw new IOException("the checkpoint's parameter " + from.get(k).getKey() + " " + src.getShape()
                        + " does not fit " + to.get(k).getKey() + " " + dst.getShape());
            }
            dst.set(src.toByteBuffer());
        }
        java.util.Map<String, ai.djl.nn.Parameter> byName = new java.util.HashMap<>();
        for (var p : to) {
            byName.put(p.getKey(), p.getValue());
        }
        for (TrainingCheckpoint.Moments m : c.moments()) {
            ai.djl.nn.Parameter p = byName.get(m.parameter());
            if (p == null || !Arrays.equals(p.getArray().getShape().getShape(), m.shape())) {
                throw new IOException("the checkpoint holds moments of a parameter " + m.parameter() + " "
                        + Arrays.toString(m.shape()) + " that " + net.architecture() + " does not have");
            }
            adam.restore(p.getId(), new Shape(m.shape()), m.mean(), m.variance());
        }
    }

    /**
     * Draws again what the run drew from the engine's generator before the checkpoint (the random perturbations;
     * nothing else in the loop draws), so that the resumed run's draws continue where the killed run's stopped.
     */
    private static void replayRandomDraws(TrainingConfig cfg, StagedNetwork net, NDManager manager, int count,
            int stepsPerEpoch, int epoch, int step) {
        if (!cfg.perturbation().equals("random")) {
            return;
        }
        Shape one = cfg.perturbationSpace().equals(TrainingConfig.COCHLEAGRAM) ? net.stageShapes().get(
                TrainingConfig.COCHLEAGRAM) : net.inputShape();
        for (int e = 0; e <= epoch; e++) {
            for (int s = 0; s < (e == epoch ? step : stepsPerEpoch); s++) {
                int n = Math.min(count, (s + 1) * cfg.batchSize()) - s * cfg.batchSize();
                try (NDManager sub = manager.newSubManager()) {
                    sub.randomNormal(new Shape(n).addAll(one));
                }
            }
        }
    }

    /**
     * The batch in the space the perturbation is made in: the input itself, or (perturbation.space=cochleagram) its
     * cochleagram, made once without gradient; the network's front end passes a cochleagram through.
     */
    private static NDArray space(TrainingConfig cfg, StagedNetwork net, NDArray x) {
        if (!cfg.perturbationSpace().equals(TrainingConfig.COCHLEAGRAM)) {
            return x;
        }
        int child = net.stage(TrainingConfig.COCHLEAGRAM).child();
        return net.forwardRange(new ParameterStore(x.getManager(), false), x, 0, child, false).stopGradient();
    }

    /** The range perturbed values are kept in: the input's, or a cochleagram's (no negative values). */
    private static float[] range(TrainingConfig cfg, StagedNetwork net) {
        return cfg.perturbationSpace().equals(TrainingConfig.COCHLEAGRAM) ? new float[] {0f, Float.MAX_VALUE}
                : new float[] {net.low(), net.high()};
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
                float[] range = range(cfg, net);
                NDArray noise = x.getManager().randomNormal(x.getShape());
                return x.add(scaleToNorm(noise, eps)).clip(range[0], range[1]);
            }
            case "pgd":
                return pgdL2(trainer, x, y, eps, cfg.perturbationSteps(), cfg.perturbationStepSize() * scale,
                        net, range(cfg, net));
            default:
                throw new IllegalStateException(cfg.perturbation());
        }
    }

    /**
     * L2 projected gradient ascent on the loss from the clean input (no random start): each step moves
     * by {@code stepSize} along the per-sample normalised gradient, then projects onto the eps-ball
     * around the clean input and onto {@code range} ([0, 1] for images, [-1, 1] for a waveform, [0, max] for a
     * cochleagram).
     */
    static NDArray pgdL2(Trainer trainer, NDArray x, NDArray y, float eps, int steps, float stepSize,
            StagedNetwork net, float[] range) {
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
                adv = x.add(delta.mul(factor)).clip(range[0], range[1]).stopGradient();
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
