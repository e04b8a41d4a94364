package org.metamerbench.runner.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.metamerbench.api.Stage;
import org.metamerbench.results.FloatIdx;
import org.metamerbench.results.Hashing;
import org.metamerbench.results.CsvTable;
import org.metamerbench.runner.synthesis.MetamerSynthesizer;
import org.metamerbench.runner.synthesis.SynthesisConfig;

/**
 * Synthesised metamers cached on disk, keyed on everything that decides them ({@link CacheKey}, stored in the
 * entry): harness and algorithm version, the engine (name, version, device, threads), the content hash the harness computed for the model (the bytes it loaded, never a version
 * string a plugin chooses), the stage, the stimulus set's hash and the chosen stimuli, the schedule,
 * the initialisation, the fake-ReLU switch and the seeds. A run that stops is resumed by running it
 * again: finished jobs come from here. A changed input changes the key, so a stale result is never
 * reused; every file of an entry is checked against its checksum when read, and a damaged entry is
 * reported and synthesised again.
 */
public final class SynthesisCache {
    static final String ALGORITHM = "synthesis-4";
    private static final List<String> HEADER = List.of("seed", "steps", "stopped", "final_loss", "curve_steps",
            "curve_loss");
    private static final List<String> KEYED_FILES = List.of("metamers.idx", "records.csv", "seconds.txt",
            "loop.txt", CacheKey.FILE);

    private final Path dir;
    private final java.util.function.Consumer<String> log;

    public SynthesisCache(Path dir, java.util.function.Consumer<String> log) {
        this.dir = dir;
        this.log = log;
    }

    /**
     * The key of one job. {@code stage} is the card's full stage description (name, shape, whether
     * the fake ReLU applies), so a model whose stage changes meaning under the same weights does not
     * reuse metamers made for the old meaning. The engine's name, version, device and thread count are part of it
     * ({@link CacheKey#engine}): metamers made on another engine, device or thread count differ in their last bits.
     * Under the adaptive stopping rule the metamers depend on the acceptance check too ({@code stopCheck}: its
     * thresholds and the generator's task; null under the fixed budget).
     */
    static CacheKey key(String job, String modelContentHash, Stage stage, String stimulusSetSha,
            List<String> stimulusIds, long[] seeds, SynthesisConfig cfg, String stopCheck) {
        java.util.Map<String, String> f = new java.util.LinkedHashMap<>();
        f.put("algorithm", ALGORITHM);
        f.put("model_content", modelContentHash);
        f.put("stage", stage.toString());
        f.put("stimulus_set", stimulusSetSha);
        f.put("stimuli", stimulusIds.size() + " ids, sha256 " + Hashing.sha256(String.join(",", stimulusIds)));
        f.put("seeds", "sha256 " + Hashing.sha256(Arrays.toString(seeds)));
        f.put("synthesis", cfg.toString());
        if (cfg.stopping().adaptive()) {
            f.put("stop_check", stopCheck == null ? "none" : stopCheck);
        }
        return CacheKey.of("synthesis", job, f);
    }

    /** The cached metamers of {@code key}, or null (a miss that the log explains when a near entry exists). */
    public MetamerSynthesizer.Batch load(CacheKey key) {
        if (dir == null) {
            return null;
        }
        MetamerSynthesizer.Batch b = read(key.hash(), KEYED_FILES);
        if (b == null && !Files.isDirectory(dir.resolve(key.hash()))) {
            String why = key.explainMiss(dir);
            if (why != null) {
                log.accept("no cached metamers for " + key.job() + " under this key: " + why);
            }
        }
        return b;
    }

    /** Stores {@code batch} under {@code key}, the key's fields beside it. */
    public void store(CacheKey key, MetamerSynthesizer.Batch batch, int[] sampleShape) throws IOException {
        if (dir == null) {
            return;
        }
        Path d = write(key.hash(), batch, sampleShape);
        key.write(d);
        CacheEntry.seal(d, KEYED_FILES);
    }

    private MetamerSynthesizer.Batch read(String key, List<String> files) {
        Path d = dir.resolve(key);
        CacheEntry.State state = CacheEntry.check(d, files);
        if (!state.usable()) {
            if (state.problem() != null) {
                log.accept("synthesis cache entry " + key + ": " + state.problem() + "; synthesising again");
            }
            return null;
        }
        Path arrays = d.resolve("metamers.idx");
        Path records = d.resolve("records.csv");
        Path meta = d.resolve("seconds.txt");
        try {
            FloatIdx idx = FloatIdx.read(arrays);
            List<CsvTable.Row> rows = CsvTable.read(records, HEADER);
            List<MetamerSynthesizer.Metamer> out = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                CsvTable.Row r = rows.get(i);
                out.add(new MetamerSynthesizer.Metamer(MetamerSynthesizer.Batch.sample(idx.data(), i, idx.dims()[0]),
                        r.getDouble("final_loss"), parseInts(r.get("curve_steps")), parseDoubles(r.get("curve_loss")),
                        (int) r.getLong("steps"), r.getLong("seed"), r.get("stopped")));
            }
            double seconds = Double.parseDouble(Files.readString(meta).strip());
            String loop = Files.readString(d.resolve("loop.txt")).strip();
            return new MetamerSynthesizer.Batch(out, seconds, loop);
        } catch (IOException | RuntimeException e) {
            log.accept("synthesis cache entry " + key + " cannot be read (" + e.getMessage() + "); synthesising again");
            return null;
        }
    }

    private Path write(String key, MetamerSynthesizer.Batch batch, int[] sampleShape) throws IOException {
        Path d = dir.resolve(key);
        org.metamerbench.results.AtomicFiles.deleteTree(dir, d);
        org.metamerbench.results.AtomicFiles.createFolder(dir, d);
        List<List<?>> rows = new ArrayList<>();
        for (MetamerSynthesizer.Metamer m : batch.metamers()) {
            rows.add(List.of(m.seed(), m.steps(), m.stopped(), m.finalLoss(), joinInts(m.curveSteps()), joinDoubles(m.curveLoss())));
        }
        batch.stacked(sampleShape).write(d, d.resolve("metamers.idx"));
        CsvTable.write(d, d.resolve("records.csv"), HEADER, rows);
        org.metamerbench.results.AtomicFiles.write(d, d.resolve("seconds.txt"),
                String.format(Locale.ROOT, "%.3f%n", batch.seconds()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        org.metamerbench.results.AtomicFiles.write(d, d.resolve("loop.txt"),
                (batch.loop() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return d;
    }

    static String joinInts(int[] v) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.length; i++) {
            sb.append(i == 0 ? "" : " ").append(v[i]);
        }
        return sb.toString();
    }

    static String joinDoubles(double[] v) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.length; i++) {
            sb.append(i == 0 ? "" : " ").append(v[i]);
        }
        return sb.toString();
    }

    private static int[] parseInts(String s) {
        return s.isBlank() ? new int[0] : Arrays.stream(s.split(" ")).mapToInt(Integer::parseInt).toArray();
    }

    private static double[] parseDoubles(String s) {
        return s.isBlank() ? new double[0] : Arrays.stream(s.split(" ")).mapToDouble(Double::parseDouble).toArray();
    }
}
