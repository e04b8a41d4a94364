package org.metamerbench.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A training run that is stopped, or dies, resumes from its checkpoint to the weights an uninterrupted run reaches,
 * bit for bit; the optimizer that makes this possible updates exactly as DJL's Adam, which trained the committed zoo.
 */
class TrainingCheckpointTest {
    @TempDir
    Path tmp;

    static ZooTrainer.Data data(int n, long seed) {
        return TrainingReproducibilityTest.data(n, seed);
    }

    static TrainingConfig config(String perturbation, float learningRate) {
        return new TrainingConfig("ck", "mlp", "test", 7, 3, 32, learningRate, perturbation,
                perturbation.equals("none") ? 0f : 0.5f, 0, 0f);
    }

    static ZooTrainer.Checkpoints every(double seconds) {
        return new ZooTrainer.Checkpoints(true, seconds, new TrainingStop());
    }

    @Test
    void theOptimizerUpdatesAsDjlsAdamBitForBit() {
        Tracker lr = Tracker.cosine().setBaseValue(3e-3f).optFinalValue(0f).setMaxUpdates(40).build();
        Optimizer djl = Optimizer.adam().optLearningRateTracker(lr).build();
        ZooAdam ours = ZooAdam.of(lr, 0);
        try (NDManager m = NDManager.newBaseManager(ZooTrainer.ENGINE)) {
            NDArray a = m.randomNormal(new Shape(7, 5));
            NDArray b = a.duplicate();
            Random r = new Random(3);
            for (int t = 0; t < 40; t++) {
                float[] g = new float[35];
                for (int k = 0; k < g.length; k++) {
                    g[k] = (float) r.nextGaussian() * (k % 3 == 0 ? 1e-3f : 1f);
                }
                djl.update("p", a, m.create(g, a.getShape()));
                ours.update("p", b, m.create(g, b.getShape()));
            }
            assertArrayEquals(a.toFloatArray(), b.toFloatArray(), 0f);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "random"})
    void aStoppedRunResumesToTheWeightsOfAnUninterruptedOne(String perturbation) throws IOException {
        ZooTrainer.Data train = data(512, 1);
        ZooTrainer.Data test = data(128, 2);
        TrainingConfig cfg = config(perturbation, 1e-3f);
        String whole = ZooTrainer.train(cfg, train, test, tmp.resolve("whole"), (e, s, n, l) -> { }).weightsSha256();

        Path out = tmp.resolve("stopped");
        ZooTrainer.Checkpoints ck = every(Double.POSITIVE_INFINITY);
        ZooTrainer.Stopped stopped = assertThrows(ZooTrainer.Stopped.class, () -> ZooTrainer.train(cfg, train, test,
                out, (e, s, n, l) -> {
                    if (e == 1 && s == 3) {
                        ck.stop().request(false);
                    }
                }, ck));
        assertEquals(TrainingCheckpoint.file(out, "ck"), stopped.checkpoint());
        assertTrue(Files.isRegularFile(stopped.checkpoint()));
        assertFalse(Files.exists(out.resolve("ck.params")), "no weights before the run is finished");

        ZooTrainer.Result resumed = ZooTrainer.train(cfg, train, test, out, (e, s, n, l) -> {
            assertTrue(e > 1 || (e == 1 && s > 3), "batches before the checkpoint are not trained again: " + e + "/" + s);
        }, every(Double.POSITIVE_INFINITY));
        assertEquals(whole, resumed.weightsSha256(), "resumed training reaches the uninterrupted run's weights");
        assertFalse(Files.exists(stopped.checkpoint()), "the checkpoint goes once the model is written");
        assertTrue(Files.readString(resumed.record()).contains("result.train_resumes=1"));
    }

    @Test
    void aRunThatDiesResumesFromItsLastCheckpoint() throws IOException {
        ZooTrainer.Data train = data(512, 1);
        ZooTrainer.Data test = data(128, 2);
        TrainingConfig cfg = config("none", 1e-3f);
        String whole = ZooTrainer.train(cfg, train, test, tmp.resolve("whole"), (e, s, n, l) -> { }).weightsSha256();
        Path out = tmp.resolve("died");
        // a crash in the third epoch, with no chance to save: the end of the second epoch was saved
        assertThrows(IllegalStateException.class, () -> ZooTrainer.train(cfg, train, test, out, (e, s, n, l) -> {
            if (e == 2 && s == 5) {
                throw new IllegalStateException("killed");
            }
        }, every(Double.POSITIVE_INFINITY)));
        int[] first = {-1, -1};
        ZooTrainer.Result r = ZooTrainer.train(cfg, train, test, out, (e, s, n, l) -> {
            if (first[0] < 0) {
                first[0] = e;
                first[1] = s;
            }
        }, every(Double.POSITIVE_INFINITY));
        assertArrayEquals(new int[] {2, 1}, first, "resumed at the first batch of the third epoch");
        assertEquals(whole, r.weightsSha256());
    }

    @Test
    void aCheckpointOfAnotherConfigOrDamagedIsRefusedByName() throws IOException {
        ZooTrainer.Data train = data(256, 1);
        ZooTrainer.Data test = data(64, 2);
        Path out = tmp.resolve("other");
        ZooTrainer.Checkpoints ck = every(Double.POSITIVE_INFINITY);
        assertThrows(ZooTrainer.Stopped.class, () -> ZooTrainer.train(config("none", 1e-3f), train, test, out,
                (e, s, n, l) -> ck.stop().request(false), ck));
        IOException e = assertThrows(IOException.class, () -> ZooTrainer.train(config("none", 2e-3f), train, test,
                out, (a, s, n, l) -> { }, every(Double.POSITIVE_INFINITY)));
        assertTrue(e.getMessage().contains("ck.checkpoint") && e.getMessage().contains("learning_rate"),
                e.getMessage());
        e = assertThrows(IOException.class, () -> ZooTrainer.train(config("none", 1e-3f), data(256, 9), test, out,
                (a, s, n, l) -> { }, every(Double.POSITIVE_INFINITY)));
        assertTrue(e.getMessage().contains("other training data"), e.getMessage());
        Path f = TrainingCheckpoint.file(out, "ck");
        byte[] b = Files.readAllBytes(f);
        b[b.length / 2] ^= 1;
        Files.write(f, b);
        e = assertThrows(IOException.class, () -> ZooTrainer.train(config("none", 1e-3f), train, test, out,
                (a, s, n, l) -> { }, every(Double.POSITIVE_INFINITY)));
        assertTrue(e.getMessage().contains("damaged") && e.getMessage().contains("--restart"), e.getMessage());
    }
}
