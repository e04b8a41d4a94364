package org.metamerbench.cli.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metamerbench.results.IdxFile;
import org.metamerbench.cli.Main;
import org.metamerbench.cli.ZooVariant;
import org.metamerbench.runner.isolation.ChildJvm;
import org.metamerbench.zoo.ZooTrainer;

/**
 * Hostile inputs, kind "processes": {@code train} killed with SIGTERM in the middle of training leaves a checkpoint
 * and no JVM crash (a SIGTERM used to end a training run with a SIGSEGV in PyTorch's backward pass, as the JVM tore
 * PyTorch down under it), and the same command resumes to the weights an uninterrupted run reaches.
 */
class TrainInterruptionTest {
    @TempDir
    Path tmp;

    /** Fashion-MNIST-shaped IDX files, with brightness that depends on the class so there is something to learn. */
    private Path data(int train, int test) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("data"));
        Random r = new Random(11);
        for (String[] part : new String[][] {{"train", Integer.toString(train)}, {"t10k", Integer.toString(test)}}) {
            int n = Integer.parseInt(part[1]);
            byte[] px = new byte[n * 784];
            byte[] labels = new byte[n];
            for (int i = 0; i < n; i++) {
                labels[i] = (byte) r.nextInt(10);
                for (int k = 0; k < 784; k++) {
                    double v = 20 * labels[i] + 25 * r.nextGaussian() + 30;
                    px[i * 784 + k] = (byte) Math.max(0, Math.min(255, (int) v));
                }
            }
            Files.write(dir.resolve(part[0] + "-images-idx3-ubyte"), new IdxFile(new int[] {n, 28, 28}, px).encode());
            Files.write(dir.resolve(part[0] + "-labels-idx1-ubyte"), new IdxFile(new int[] {n}, labels).encode());
        }
        return dir;
    }

    @Test
    void sigtermCheckpointsWithoutACrashAndTheSameCommandResumesToTheSameWeights() throws Exception {
        Path data = data(2048, 256);
        Path config = Files.writeString(tmp.resolve("small-cnn.properties"), "id=small-cnn\narchitecture=cnn\n"
                + "description=test\nseed=3\nepochs=4\nbatch_size=32\nlearning_rate=0.001\n");
        Path whole = tmp.resolve("whole");
        Object[] w = ZooVariant.capture(() -> Main.execute("train", config.toString(), "--data", data.toString(),
                "--out", whole.toString()));
        assertEquals(0, w[0], (String) w[1]);

        Path out = tmp.resolve("killed");
        Path log = tmp.resolve("train.log");
        List<String> cmd = ChildJvm.command(List.of("-Dai.djl.offline=true", "-Xmx1g",
                "-XX:ErrorFile=" + tmp.resolve("hs_err_pid%p.log")), Main.class.getName(),
                List.of("train", config.toString(), "--data", data.toString(), "--out", out.toString()));
        Process train = ChildJvm.start(new ProcessBuilder(cmd).directory(tmp.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()));
        Path checkpoint = ZooTrainer.checkpoint(out, "small-cnn");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(checkpoint) && System.nanoTime() < deadline) {
            assertTrue(train.isAlive(), "train ended before its first checkpoint: " + Files.readString(log));
            Thread.sleep(20);
        }
        assertTrue(Files.exists(checkpoint), "a checkpoint after the first epoch: " + Files.readString(log));
        train.destroy(); // SIGTERM, in the middle of the second epoch
        assertTrue(train.waitFor(60, TimeUnit.SECONDS), "train ends on SIGTERM");
        String said = Files.readString(log);
        assertEquals(143, train.exitValue(), "ended by the signal, not by a crash (134): " + said);
        try (Stream<Path> crashes = Files.list(tmp).filter(p -> p.getFileName().toString().startsWith("hs_err"))) {
            assertEquals(List.of(), crashes.toList(), "no JVM crash log: " + said);
        }
        assertTrue(said.contains("resumes from " + checkpoint), said);
        assertFalse(Files.exists(out.resolve("small-cnn.params")), "the model is not written before it is trained");

        Object[] r = ZooVariant.capture(() -> Main.execute("train", config.toString(), "--data", data.toString(),
                "--out", out.toString()));
        assertEquals(0, r[0], (String) r[1]);
        assertTrue(((String) r[1]).contains("small-cnn: resumed from"), (String) r[1]);
        assertEquals(-1L, Files.mismatch(whole.resolve("small-cnn.params"), out.resolve("small-cnn.params")),
                "the resumed run's weights are the uninterrupted run's, byte for byte");
        assertFalse(Files.exists(checkpoint));
    }
}
