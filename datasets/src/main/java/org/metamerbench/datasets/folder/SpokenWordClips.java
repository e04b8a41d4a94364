package org.metamerbench.datasets.folder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.metamerbench.datasets.DatasetIntegrityException;
import org.metamerbench.results.CsvTable;

/**
 * The spoken-word clips the audio zoo is trained and tested on, made on demand by the committed script
 * ({@value #SCRIPT}, with espeak-ng, flite and sox) into a folder: {@code <dir>/train} (training voices) and
 * {@code <dir>/test} (the held-out voices of the stimulus set), each a folder of WAV files with
 * {@code labels.csv}. A part is made again when it holds fewer clips than asked for; clip k of a part is the
 * same whatever the count, so a folder made with more clips serves.
 */
public final class SpokenWordClips {
    /** The script, relative to the repository's root. */
    public static final String SCRIPT = "datasets/scripts/make_spoken_words.py";

    private SpokenWordClips() {
    }

    /** Clips of one part: samples {@code [count, samples]} in [-1, 1], labels, and the words in class order. */
    public record Clips(float[] samples, int[] labels, List<String> words, int samplesPerClip) {
    }

    /** Makes {@code <dir>/<part>} with {@code perWord} clips per word of version 1 unless it already has them. */
    public static Path ensure(Path script, Path dir, String part, int perWord) throws IOException {
        return ensure(script, dir, part, perWord, 1);
    }

    /** The number of words of a version of the clips: 10 (version 1) or 50 (version 2). */
    public static int words(int version) {
        return switch (version) {
            case 1 -> 10;
            case 2 -> 50;
            default -> throw new IllegalArgumentException("spoken-word clips come in versions 1 and 2, not " + version);
        };
    }

    /**
     * Makes the part with {@code perWord} clips per word unless it already has them: {@code <dir>/<part>} for
     * version 1, {@code <dir>/v2/<part>} for version 2 (the script's {@code --version 2}).
     */
    public static Path ensure(Path script, Path dir, String part, int perWord, int version) throws IOException {
        Path base = version == 1 ? dir : dir.resolve("v" + version);
        Path folder = base.resolve(part);
        Path labels = folder.resolve(LabelledFiles.LABELS_CSV);
        if (Files.isRegularFile(labels) && CsvTable.read(labels, List.of("file", "label")).size()
                >= (long) words(version) * perWord) {
            return folder;
        }
        if (!Files.isRegularFile(script)) {
            throw new IOException(script + ": the spoken-word script is missing (run from the repository's root, or "
                    + "give its path)");
        }
        Process p = new ProcessBuilder("python3", script.toString(), base.toString(), "--part", part, "--per-word",
                Integer.toString(perWord), "--version", Integer.toString(version)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (p.waitFor() != 0) {
                throw new IOException(script + " failed:\n" + out);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while making spoken-word clips", e);
        }
        return folder;
    }

    /** The first {@code perWord} clips of each word in {@code folder}, decoded at {@code rate} to {@code samples}. */
    public static Clips load(Path folder, int perWord, int rate, int samples) throws IOException {
        LabelledFiles files = LabelledFiles.scan(folder, List.of("wav"));
        int[] seen = new int[files.classes().size()];
        List<LabelledFiles.Entry> chosen = new ArrayList<>();
        for (LabelledFiles.Entry e : files.entries()) {
            if (seen[e.label()]++ < perWord) {
                chosen.add(e);
            }
        }
        for (int c = 0; c < seen.length; c++) {
            if (seen[c] < perWord) {
                throw new DatasetIntegrityException(folder + ": word '" + files.classes().get(c) + "' has " + seen[c]
                        + " clips, " + perWord + " asked for");
            }
        }
        float[] x = new float[Math.multiplyExact(chosen.size(), samples)];
        int[] labels = new int[chosen.size()];
        for (int i = 0; i < chosen.size(); i++) {
            System.arraycopy(WavFiles.decode(chosen.get(i).file(), rate, samples), 0, x, i * samples, samples);
            labels[i] = chosen.get(i).label();
        }
        return new Clips(x, labels, files.classes(), samples);
    }
}
