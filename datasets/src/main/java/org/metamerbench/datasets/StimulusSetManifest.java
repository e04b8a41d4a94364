package org.metamerbench.datasets;

import org.metamerbench.results.Hashing;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * The manifest of an {@link StimulusSet} ({@code manifest.json}): where the images came from, which
 * ones they are, and the SHA-256 of every file and of the whole set.
 *
 * <p>The set hash is the SHA-256 of the UTF-8 text built by {@link #computeSetHash}: a line {@code classes
 * <JSON list of the class names>}, one line {@code file <name> <sha256>} per file in manifest order, then one line
 * {@code item <id> <index> <label>} per item; a format-2 set starts with a line describing its samples
 * ({@link Stimuli}). It changes when any byte, index, label, class name or part of that description changes.
 */
@JsonPropertyOrder({"format", "name", "kind", "version", "description", "source", "selection",
        "classLabels", "stimuli", "files", "items", "sha256"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StimulusSetManifest(
        String format,
        String name,
        String kind,
        String version,
        String description,
        Map<String, String> source,
        Map<String, String> selection,
        List<String> classLabels,
        Stimuli stimuli,
        List<FileEntry> files,
        List<Item> items,
        String sha256) {

    /** Format 1: 28 x 28 grayscale images as unsigned bytes, values in [0, 1] (Fashion-MNIST). */
    public static final String FORMAT = "metamer-bench image set 1";
    /** Format 2: samples of any shape, described by {@link Stimuli}. */
    public static final String FORMAT_2 = "metamer-bench stimulus set 2";
    public static final String IMAGES_FILE = "images-idx3-ubyte";
    public static final String LABELS_FILE = "labels-idx1-ubyte";
    /** Format 2's samples file: an IDX array {@code [n, ...shape]} of {@link Stimuli#dtype()}. */
    public static final String SAMPLES_FILE = "samples-idx";

    /** A format-1 manifest (no {@code stimuli} description: it follows from the format). */
    public StimulusSetManifest(String format, String name, String kind, String version, String description,
            Map<String, String> source, Map<String, String> selection, List<String> classLabels,
            List<FileEntry> files, List<Item> items, String sha256) {
        this(format, name, kind, version, description, source, selection, classLabels, null, files, items, sha256);
    }

    /**
     * What the samples of a format-2 set are: {@code modality} ({@value #IMAGE}: shape [channels, height,
     * width] with 1 or 3 channels; {@value #SOUND}: shape [samples], with {@code sampleRate} in Hz), the
     * {@code dtype} of the samples file ({@code uint8}: 0..255 mapped linearly onto the range; {@code
     * float32}: values as stored, each inside the range; {@code int16}: a sound's 16-bit PCM, v / 32768, range
     * [-1, 1]), and the value range a model receives.
     */
    public record Stimuli(String modality, List<Integer> shape, String dtype, List<Float> range, Integer sampleRate) {
        public static final String IMAGE = "image";
        public static final String SOUND = "sound";

        /** The line of the set hash that fixes this description. */
        String hashLine() {
            return "stimuli " + modality + " " + shape + " " + dtype + " " + range + " " + sampleRate + "\n";
        }
    }

    /** One data file of the set. */
    public record FileEntry(String name, String sha256, long bytes) {
    }

    /** One image: a stable id (it names the image's files: a safe name), its index in the source split, its class. */
    public record Item(String id, int index, int label) {
        public Item {
            org.metamerbench.api.harness.SafeName.check("stimulus id", id);
        }
    }

    /**
     * The set hash; a format-2 set's description of its samples is its first line, so that a changed shape,
     * type, range or sample rate changes the hash as a changed byte does; the class names follow (a JSON list), so
     * that two names swapped in the manifest change it as two swapped labels do.
     */
    public static String computeSetHash(Stimuli stimuli, List<String> classLabels, List<FileEntry> files,
            List<Item> items) {
        StringBuilder sb = new StringBuilder();
        if (stimuli != null) {
            sb.append(stimuli.hashLine());
        }
        try {
            sb.append("classes ").append(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(
                    classLabels)).append('\n');
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return Hashing.sha256(sb + body(files, items));
    }

    /**
     * The hash a manifest written before class names entered the set hash carries: it vouches for the bytes, ids
     * and labels, not for the class names, so such a set is refused with the advice to rebuild it.
     */
    public static String legacySetHash(Stimuli stimuli, List<FileEntry> files, List<Item> items) {
        return Hashing.sha256((stimuli != null ? stimuli.hashLine() : "") + body(files, items));
    }

    private static String body(List<FileEntry> files, List<Item> items) {
        StringBuilder sb = new StringBuilder();
        for (FileEntry f : files) {
            sb.append("file ").append(f.name()).append(' ').append(f.sha256()).append('\n');
        }
        for (Item it : items) {
            sb.append("item ").append(it.id()).append(' ').append(it.index()).append(' ')
                    .append(it.label()).append('\n');
        }
        return sb.toString();
    }

    public FileEntry file(String fileName) {
        return files.stream().filter(f -> f.name().equals(fileName)).findFirst().orElse(null);
    }
}
