package org.metamerbench.zoo;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.metamerbench.results.AtomicFiles;
import org.metamerbench.results.Hashing;

/**
 * Where a training run stands, written at batch boundaries so that a run killed or crashed resumes where it was:
 * the next batch (epoch and step), the updates made, the partial epoch's loss, the seconds spent, the weights and
 * Adam's moments by parameter. It is tied to its config and its training data (a SHA-256 of the samples and
 * labels): a checkpoint of another config or other data is refused, naming what differs. The shuffle and the
 * engine's random draws are replayed on resume, so the resumed run reaches the weights of an uninterrupted one.
 *
 * @param config      the training config's keys and values
 * @param data        the training data's fingerprint
 * @param epoch       the epoch of the next batch (0-based)
 * @param step        the next batch within that epoch (0-based)
 * @param updates     optimizer updates made so far
 * @param epochLoss   the sum of the losses of the epoch's batches before {@code step}
 * @param seconds     training seconds spent so far, over every resume
 * @param resumes     how many times the run was resumed before this checkpoint
 * @param weights     the parameters as DJL saves them
 * @param moments     Adam's first and second moments, by parameter name, in the block's parameter order
 */
record TrainingCheckpoint(Map<String, String> config, String data, int epoch, int step, int updates, double epochLoss,
        double seconds, int resumes, byte[] weights, List<Moments> moments) {
    static final String MAGIC = "metamer-bench training checkpoint 1";

    record Moments(String parameter, long[] shape, float[] mean, float[] variance) {}

    /** Where the checkpoint of a model trained into {@code out} is kept. */
    static Path file(Path out, String id) {
        return out.resolve(".checkpoints").resolve(id + ".checkpoint");
    }

    void write(Path out, String id) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream d = new DataOutputStream(bytes)) {
            d.writeUTF(MAGIC);
            d.writeInt(config.size());
            for (Map.Entry<String, String> e : new TreeMap<>(config).entrySet()) {
                d.writeUTF(e.getKey());
                d.writeUTF(e.getValue());
            }
            d.writeUTF(data);
            d.writeInt(epoch);
            d.writeInt(step);
            d.writeInt(updates);
            d.writeDouble(epochLoss);
            d.writeDouble(seconds);
            d.writeInt(resumes);
            d.writeInt(weights.length);
            d.write(weights);
            d.writeInt(moments.size());
            for (Moments m : moments) {
                d.writeUTF(m.parameter());
                d.writeInt(m.shape().length);
                for (long s : m.shape()) {
                    d.writeLong(s);
                }
                d.writeInt(m.mean().length);
                for (int k = 0; k < m.mean().length; k++) {
                    d.writeFloat(m.mean()[k]);
                    d.writeFloat(m.variance()[k]);
                }
            }
        }
        byte[] body = bytes.toByteArray();
        byte[] sum = sha256(body);
        byte[] all = Arrays.copyOf(body, body.length + sum.length);
        System.arraycopy(sum, 0, all, body.length, sum.length);
        Files.createDirectories(file(out, id).getParent());
        AtomicFiles.write(out, file(out, id), all);
    }

    /**
     * The checkpoint of {@code cfg} trained into {@code out} on data of fingerprint {@code data}, or null if there is
     * none. A checkpoint that is corrupt, of another config or of other data is refused with what differs.
     */
    static TrainingCheckpoint find(Path out, TrainingConfig cfg, String data) throws IOException {
        Path f = file(out, cfg.id());
        if (!Files.isRegularFile(f)) {
            return null;
        }
        String remedy = "; remove it (or train with --restart) to start again";
        byte[] all = Files.readAllBytes(f);
        if (all.length < 32 || !Arrays.equals(sha256(Arrays.copyOf(all, all.length - 32)),
                Arrays.copyOfRange(all, all.length - 32, all.length))) {
            throw new IOException(f + ": the checkpoint is damaged (its checksum does not match)" + remedy);
        }
        TrainingCheckpoint c;
        try (DataInputStream d = new DataInputStream(new ByteArrayInputStream(all, 0, all.length - 32))) {
            if (!MAGIC.equals(d.readUTF())) {
                throw new IOException(f + ": not a training checkpoint of this version" + remedy);
            }
            Map<String, String> config = new TreeMap<>();
            for (int n = d.readInt(), k = 0; k < n; k++) {
                config.put(d.readUTF(), d.readUTF());
            }
            String fingerprint = d.readUTF();
            int epoch = d.readInt();
            int step = d.readInt();
            int updates = d.readInt();
            double epochLoss = d.readDouble();
            double seconds = d.readDouble();
            int resumes = d.readInt();
            byte[] weights = d.readNBytes(d.readInt());
            List<Moments> moments = new ArrayList<>();
            for (int n = d.readInt(), k = 0; k < n; k++) {
                String name = d.readUTF();
                long[] shape = new long[d.readInt()];
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = d.readLong();
                }
                float[] m = new float[d.readInt()];
                float[] v = new float[m.length];
                for (int i = 0; i < m.length; i++) {
                    m[i] = d.readFloat();
                    v[i] = d.readFloat();
                }
                moments.add(new Moments(name, shape, m, v));
            }
            c = new TrainingCheckpoint(config, fingerprint, epoch, step, updates, epochLoss, seconds, resumes, weights,
                    moments);
        }
        Map<String, String> now = new TreeMap<>(cfg.toMap());
        for (String key : union(now, c.config())) {
            if (!String.valueOf(now.get(key)).equals(String.valueOf(c.config().get(key)))) {
                throw new IOException(f + ": the checkpoint was made with " + key + "=" + c.config().get(key)
                        + ", the config says " + key + "=" + now.get(key) + remedy);
            }
        }
        if (!c.data().equals(data)) {
            throw new IOException(f + ": the checkpoint was made on other training data (sha256 "
                    + c.data().substring(0, 12) + ", these are " + data.substring(0, 12) + ")" + remedy);
        }
        return c;
    }

    private static List<String> union(Map<String, String> a, Map<String, String> b) {
        TreeMap<String, String> all = new TreeMap<>(a);
        all.putAll(b);
        return new ArrayList<>(all.keySet());
    }

    /** The fingerprint of training data: a SHA-256 over the sample shape, the samples and the labels. */
    static String fingerprint(ZooTrainer.Data d) {
        MessageDigest md = Hashing.sha256();
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(1 << 16);
        for (int s : d.sampleShape()) {
            buf.putInt(s);
        }
        for (float x : d.images()) {
            if (buf.remaining() < 4) {
                md.update(buf.array(), 0, buf.position());
                buf.clear();
            }
            buf.putFloat(x);
        }
        for (int y : d.labels()) {
            if (buf.remaining() < 4) {
                md.update(buf.array(), 0, buf.position());
                buf.clear();
            }
            buf.putInt(y);
        }
        md.update(buf.array(), 0, buf.position());
        md.update(String.join("|", d.classLabels()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return java.util.HexFormat.of().formatHex(md.digest());
    }

    private static byte[] sha256(byte[] b) {
        return Hashing.sha256().digest(b);
    }
}
