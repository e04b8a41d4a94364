package org.metamerbench.example;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Trains the example's weights: one epoch of Adam on the 60,000 Fashion-MNIST training images
 * (Debian's dataset-fashion-mnist), written to src/main/resources. Run from the module folder:
 * {@code mvn test-compile exec:java} or from an IDE; prints the test accuracy.
 */
public final class ExampleTraining {
    static final Path DATA = Path.of("/usr/share/datasets/fashion-mnist");

    private ExampleTraining() {
    }

    static float[] images(Path file, int[] count) throws IOException {
        try (InputStream in = new DataInputStream(new GZIPInputStream(Files.newInputStream(file)))) {
            DataInputStream d = new DataInputStream(in);
            d.readInt();
            int n = d.readInt();
            int rows = d.readInt();
            int cols = d.readInt();
            byte[] px = d.readNBytes(n * rows * cols);
            float[] out = new float[px.length];
            for (int i = 0; i < px.length; i++) {
                out[i] = (px[i] & 0xff) / 255f;
            }
            count[0] = n;
            return out;
        }
    }

    static float[] labels(Path file) throws IOException {
        try (DataInputStream d = new DataInputStream(new GZIPInputStream(Files.newInputStream(file)))) {
            d.readInt();
            int n = d.readInt();
            byte[] b = d.readNBytes(n);
            float[] out = new float[n];
            for (int i = 0; i < n; i++) {
                out[i] = b[i] & 0xff;
            }
            return out;
        }
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "src/main/resources/org/metamerbench/example/example-mlp.params");
        ai.djl.engine.Engine.getEngine("PyTorch").setRandomSeed(2019);
        ExampleNetwork net = new ExampleNetwork();
        try (Model model = Model.newInstance("example-mlp", "PyTorch"); NDManager m = NDManager.newBaseManager()) {
            model.setBlock(net.all);
            int[] n = new int[1];
            float[] x = images(DATA.resolve("train-images-idx3-ubyte.gz"), n);
            NDArray xs = m.create(x, new Shape(n[0], 1, 28, 28));
            NDArray ys = m.create(labels(DATA.resolve("train-labels-idx1-ubyte.gz")));
            ArrayDataset train = new ArrayDataset.Builder().setData(xs).optLabels(ys).setSampling(128, true).build();
            DefaultTrainingConfig cfg = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(Optimizer.adam().build()).addTrainingListeners(
                            ai.djl.training.listener.TrainingListener.Defaults.logging());
            try (Trainer trainer = model.newTrainer(cfg)) {
                trainer.initialize(ExampleNetwork.INPUT);
                EasyTrain.fit(trainer, 1, train, null);
            }
            Files.createDirectories(out.toAbsolutePath().getParent());
            try (DataOutputStream o = new DataOutputStream(Files.newOutputStream(out))) {
                net.all.saveParameters(o);
            }
            int[] tn = new int[1];
            float[] tx = images(DATA.resolve("t10k-images-idx3-ubyte.gz"), tn);
            float[] ty = labels(DATA.resolve("t10k-labels-idx1-ubyte.gz"));
            NDArray logits = net.all.forward(new ai.djl.training.ParameterStore(m, false),
                    new ai.djl.ndarray.NDList(m.create(tx, new Shape(tn[0], 1, 28, 28))), false).singletonOrThrow();
            float acc = logits.argMax(1).toType(ai.djl.ndarray.types.DataType.FLOAT32, false)
                    .eq(m.create(ty)).toType(ai.djl.ndarray.types.DataType.FLOAT32, false).mean().getFloat();
            System.out.printf("example-mlp: test accuracy %.4f, weights %s%n", acc, out);
        }
    }
}
