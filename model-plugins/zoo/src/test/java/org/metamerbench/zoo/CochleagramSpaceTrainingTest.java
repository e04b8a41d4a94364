package org.metamerbench.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Word models with a class count of their own and trained with perturbations of the cochleagram (the published
 * positive control): the front end passes a cochleagram through, the config is checked, and a model trains and is
 * recorded with its classes and its perturbation space.
 */
class CochleagramSpaceTrainingTest {
    @TempDir
    Path tmp;

    /** One second of a tone per class (class c at 300 * (c + 1) Hz) at a random level and phase, with noise. */
    static ZooTrainer.Data tones(int n, int classes, long seed) {
        Random r = new Random(seed);
        int samples = 16_000;
        float[] x = new float[n * samples];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % classes;
            double amp = 0.05 + 0.1 * r.nextDouble();
            double phase = 2 * Math.PI * r.nextDouble();
            for (int k = 0; k < samples; k++) {
                x[i * samples + k] = (float) (amp * Math.sin(2 * Math.PI * 300 * (y[i] + 1) * k / 16_000.0 + phase)
                        + 0.01 * r.nextGaussian());
            }
        }
        List<String> labels = new java.util.ArrayList<>();
        for (int c = 0; c < classes; c++) {
            labels.add("w" + c);
        }
        return new ZooTrainer.Data(x, y, labels, new int[] {samples});
    }

    @Test
    void theFrontEndPassesACochleagramThroughSoBothInputsGiveTheSameLogits() {
        StagedNetwork net = Architectures.build("word-cnn", 50);
        try (NDManager m = NDManager.newBaseManager(ZooTrainer.ENGINE)) {
            net.block().initialize(m, DataType.FLOAT32, net.batchShape(2));
            ParameterStore ps = new ParameterStore(m, false);
            ZooTrainer.Data d = tones(2, 3, 1);
            NDArray wave = m.create(d.images(), net.batchShape(2));
            int coch = net.stage("cochleagram").child();
            int last = net.stage("final").child();
            NDArray c = net.forwardRange(ps, wave, 0, coch, false);
            assertEquals(4, c.getShape().dimension());
            float[] fromWave = net.forwardRange(ps, wave, 0, last, false).toFloatArray();
            float[] fromCoch = net.forwardRange(ps, c, 0, last, false).toFloatArray();
            assertEquals(100, fromWave.length, "50 logits a clip");
            assertArrayEquals(fromWave, fromCoch, 0f);
        }
    }

    @Test
    void cochleagramSpaceNeedsAWordModelAndAPerturbation() throws IOException {
        Path f = tmp.resolve("c.properties");
        String base = "id=c\nseed=1\nepochs=1\nbatch_size=8\nlearning_rate=0.001\nperturbation.space=cochleagram\n";
        Files.writeString(f, base + "architecture=cnn\nperturbation=random\nperturbation.eps=0.1\n");
        IOException e = assertThrows(IOException.class, () -> TrainingConfig.read(f));
        assertTrue(e.getMessage().contains("c.properties") && e.getMessage().contains("perturbation.space"),
                e.getMessage());
        Files.writeString(f, base + "architecture=word-cnn\ndata=spoken-words-v2\n");
        e = assertThrows(IOException.class, () -> TrainingConfig.read(f));
        assertTrue(e.getMessage().contains("perturbation.space"), e.getMessage());
        Files.writeString(f, base.replace("cochleagram", "pixels") + "architecture=word-cnn\ndata=spoken-words-v2\n"
                + "perturbation=random\nperturbation.eps=0.1\n");
        e = assertThrows(IOException.class, () -> TrainingConfig.read(f));
        assertTrue(e.getMessage().contains("perturbation.space") && e.getMessage().contains("pixels"),
                e.getMessage());
    }

    @Test
    void aCochleagramSpaceAdversarialModelTrainsAndIsRecordedWithItsClasses() throws IOException {
        Path f = tmp.resolve("adv.properties");
        Files.writeString(f, "id=adv\narchitecture=word-cnn\ndata=spoken-words-v2\nseed=3\nepochs=3\nbatch_size=8\n"
                + "learning_rate=0.003\nperturbation=pgd\nperturbation.eps=0.5\nperturbation.steps=2\n"
                + "perturbation.step_size=0.6\nperturbation.space=cochleagram\n");
        TrainingConfig cfg = TrainingConfig.read(f);
        ZooTrainer.Result r = ZooTrainer.train(cfg, tones(48, 3, 1), tones(30, 3, 2), tmp.resolve("out"),
                (e, s, n, l) -> { });
        assertTrue(r.testAccuracy() > 0.6, "tones of three pitches are told apart: " + r.testAccuracy());
        Properties p = new Properties();
        try (var in = Files.newInputStream(r.record())) {
            p.load(in);
        }
        assertEquals("w0|w1|w2", p.getProperty("classes"));
        assertEquals("3", p.getProperty("stage.7.shape"), "the logits: one per class");
        assertEquals("cochleagram", p.getProperty("train.perturbation.space"));
        assertEquals("spoken-words-v2", p.getProperty("train.data"));
        // the record opens as a card with three classes
        assertEquals(3, ModelRecord.card(p).classLabels().size());
    }
}
