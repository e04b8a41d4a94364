package org.metamerbench.datasets;

import org.metamerbench.results.AtomicFiles;
import org.metamerbench.results.Hashing;
import org.metamerbench.results.IdxFile;
import org.metamerbench.results.OwnedOutput;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes a format-2 stimulus set (or null pool) folder: the samples as one IDX array ({@value
 * StimulusSetManifest#SAMPLES_FILE}), the labels ({@value StimulusSetManifest#LABELS_FILE}) and the manifest,
 * with the hash of every file and of the set. The folder is built whole and takes the target's place only
 * if the target is absent, empty or a set this tool wrote ({@link OwnedOutput}); the written set is loaded
 * back and checked before it is put in place.
 */
public final class StimulusSetWriter {
    /** The tool name in the folder's ownership marker. */
    public static final String TOOL = "datasets build";

    private StimulusSetWriter() {
    }

    /** What a set is, besides its samples: its name, kind, provenance and classes. */
    public record Identity(String name, String kind, String version, String description, Map<String, String> source,
            Map<String, String> selection, List<String> classLabels) {
    }

    /**
     * Writes the set into {@code target}: {@code ids[i]} and {@code labels[i]} name sample {@code i} of
     * {@code samples}; {@code indices[i]} is its position in the source it was taken from.
     */
    public static StimulusSetManifest write(Path target, boolean force, Identity identity,
            StimulusSetManifest.Stimuli stimuli, List<String> ids, int[] indices, int[] labels, SampleData samples)
            throws IOException {
        return write(target, force, identity, stimuli, ids, indices, labels, samples, Map.of());
    }

    /**
     * As {@link #write(Path, boolean, Identity, StimulusSetManifest.Stimuli, List, int[], int[], SampleData)}, with
     * {@code reports} (file name to bytes: reports about the set, not part of it, e.g. its near-duplicates)
     * written into the same folder, so that they belong to it.
     */
    public static StimulusSetManifest write(Path target, boolean force, Identity identity,
            StimulusSetManifest.Stimuli stimuli, List<String> ids, int[] indices, int[] labels, SampleData samples,
            Map<String, byte[]> reports) throws IOException {
        for (String name : reports.keySet()) {
            org.metamerbench.api.harness.SafeName.check("report file", name);
        }
        if (identity.classLabels().size() > 256) {
            throw new IllegalArgumentException(identity.name() + ": " + identity.classLabels().size()
                    + " classes; a set holds at most 256 (labels are stored as unsigned bytes)");
        }
        int n = samples.count();
        if (ids.size() != n || indices.length != n || labels.length != n) {
            throw new IllegalArgumentException(identity.name() + ": " + n + " samples, " + ids.size() + " ids, "
                    + indices.length + " indices and " + labels.length + " labels");
        }
        for (int i = 0; i < n; i++) {
            if (labels[i] < 0 || labels[i] >= identity.classLabels().size()) {
                throw new IllegalArgumentException(identity.name() + ": sample " + ids.get(i) + " has label "
                        + labels[i] + ", outside 0.." + (identity.classLabels().size() - 1));
            }
        }
        StimulusDescription.check(identity.name(), stimuli);
        List<StimulusSetManifest.Item> checkedItems = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            checkedItems.add(new StimulusSetManifest.Item(ids.get(i), indices[i], labels[i]));
        }
        StimulusDescription.checkSamples(identity.name(), stimuli, samples, checkedItems);
        byte[] sampleBytes = samples.encode();
        byte[] labelBytes = new byte[n];
        List<StimulusSetManifest.Item> items = checkedItems;
        for (int i = 0; i < n; i++) {
            labelBytes[i] = (byte) labels[i];
        }
        byte[] labelIdx = new IdxFile(new int[] {n}, labelBytes).encode();
        List<StimulusSetManifest.FileEntry> files = List.of(
                new StimulusSetManifest.FileEntry(StimulusSetManifest.SAMPLES_FILE, Hashing.sha256(sampleBytes),
                        sampleBytes.length),
                new StimulusSetManifest.FileEntry(StimulusSetManifest.LABELS_FILE, Hashing.sha256(labelIdx),
                        labelIdx.length));
        StimulusSetManifest m = new StimulusSetManifest(StimulusSetManifest.FORMAT_2, identity.name(), identity.kind(),
                identity.version(), identity.description(), identity.source(), identity.selection(),
                identity.classLabels(), stimuli, files, items,
                StimulusSetManifest.computeSetHash(stimuli, identity.classLabels(), files, items));
        OwnedOutput.replaceFolder(target, TOOL, force, dir -> {
            AtomicFiles.write(dir, dir.resolve(StimulusSetManifest.SAMPLES_FILE), sampleBytes);
            AtomicFiles.write(dir, dir.resolve(StimulusSetManifest.LABELS_FILE), labelIdx);
            AtomicFiles.write(dir, dir.resolve("manifest.json"), StimulusSetLoader.JSON.writeValueAsBytes(m));
            for (Map.Entry<String, byte[]> r : reports.entrySet()) {
                AtomicFiles.write(dir, dir.resolve(r.getKey()), r.getValue());
            }
            StimulusSetLoader.load(dir);
        });
        return m;
    }
}
