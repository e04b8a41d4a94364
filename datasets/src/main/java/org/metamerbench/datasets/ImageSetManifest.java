package org.metamerbench.datasets;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * The manifest of an {@link ImageSet} ({@code manifest.json}): where the images came from, which
 * ones they are, and the SHA-256 of every file and of the whole set.
 *
 * <p>The set hash is the SHA-256 of the UTF-8 text built by {@link #computeSetHash}: one line
 * {@code file <name> <sha256>} per file in manifest order, then one line {@code item <id> <index>
 * <label>} per item. It changes when any byte, index or label changes.
 */
@JsonPropertyOrder({"format", "name", "kind", "version", "description", "source", "selection",
        "classLabels", "files", "items", "sha256"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImageSetManifest(
        String format,
        String name,
        String kind,
        String version,
        String description,
        Map<String, String> source,
        Map<String, String> selection,
        List<String> classLabels,
        List<FileEntry> files,
        List<Item> items,
        String sha256) {

    public static final String FORMAT = "metamer-bench image set 1";
    public static final String IMAGES_FILE = "images-idx3-ubyte";
    public static final String LABELS_FILE = "labels-idx1-ubyte";

    /** One data file of the set. */
    public record FileEntry(String name, String sha256, long bytes) {
    }

    /** One image: a stable id (it names the image's files: a safe name), its index in the source split, its class. */
    public record Item(String id, int index, int label) {
        public Item {
            org.metamerbench.api.SafeName.check("stimulus id", id);
        }
    }

    public static String computeSetHash(List<FileEntry> files, List<Item> items) {
        StringBuilder sb = new StringBuilder();
        for (FileEntry f : files) {
            sb.append("file ").append(f.name()).append(' ').append(f.sha256()).append('\n');
        }
        for (Item it : items) {
            sb.append("item ").append(it.id()).append(' ').append(it.index()).append(' ')
                    .append(it.label()).append('\n');
        }
        return Hashing.sha256(sb.toString());
    }

    public FileEntry file(String fileName) {
        return files.stream().filter(f -> f.name().equals(fileName)).findFirst().orElse(null);
    }
}
