package org.metamerbench.datasets;

import org.metamerbench.results.Hashing;
import org.metamerbench.results.IdxFile;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Loads an {@link StimulusSet} from a folder or from the built-in sets on the class path, and refuses
 * any set whose bytes do not match its manifest. Every error names the file.
 */
public final class StimulusSetLoader {
    /** The default stimulus set: 100 Fashion-MNIST test images, 10 per class. */
    public static final String DEFAULT_STIMULUS_SET = "fashion-mnist-test-100";
    /** The default null pool: 2,000 Fashion-MNIST training images, 200 per class. */
    public static final String DEFAULT_NULL_POOL = "fashion-mnist-train-2000";
    /** The default audio stimulus set: 100 spoken words (10 words x 10 clips) by voices that training never heard. */
    public static final String SPOKEN_WORDS = "spoken-words";
    /** Its null pool: 200 training clips, 20 per word. */
    public static final String SPOKEN_WORDS_POOL = "spoken-words-pool";
    /**
     * Version 2 of the spoken words: 100 clips of fifty words (2 per word) in running speech by voices that training
     * never heard ({@code make_spoken_words.py --version 2}).
     */
    public static final String SPOKEN_WORDS_V2 = "spoken-words-v2";
    /** Its null pool: 200 training clips in babble, pink or brown noise at -10 to +10 dB SNR, 4 per word. */
    public static final String SPOKEN_WORDS_V2_POOL = "spoken-words-v2-pool";
    /** The sets that ship with metamer-bench. */
    public static final java.util.List<String> BUILT_IN = java.util.List.of(DEFAULT_STIMULUS_SET, DEFAULT_NULL_POOL,
            SPOKEN_WORDS, SPOKEN_WORDS_POOL, SPOKEN_WORDS_V2, SPOKEN_WORDS_V2_POOL);

    private static final String RESOURCE_ROOT = "/org/metamerbench/datasets/sets/";
    static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** Where the files of a set are read from. */
    private interface Source {
        byte[] read(String fileName) throws IOException;

        String describe(String fileName);
    }

    private StimulusSetLoader() {
    }

    /** Loads a set from a folder holding {@code manifest.json} and the files it lists. */
    public static StimulusSet load(Path dir) throws IOException {
        return load(new Source() {
            @Override
            public byte[] read(String fileName) throws IOException {
                Path p = dir.resolve(fileName);
                try {
                    return Files.readAllBytes(p);
                } catch (NoSuchFileException e) {
                    throw new DatasetIntegrityException(p + ": file listed by the set is missing");
                }
            }

            @Override
            public String describe(String fileName) {
                return dir.resolve(fileName).toString();
            }
        });
    }

    /** Loads one of the sets that ship with metamer-bench, by name. */
    public static StimulusSet loadBuiltin(String name) throws IOException {
        String root = RESOURCE_ROOT + name + "/";
        if (StimulusSetLoader.class.getResource(root + "manifest.json") == null) {
            throw new IOException("no built-in set named '" + name + "'; built-in sets: "
                    + String.join(", ", BUILT_IN));
        }
        return load(new Source() {
            @Override
            public byte[] read(String fileName) throws IOException {
                try (InputStream in = StimulusSetLoader.class.getResourceAsStream(root + fileName)) {
                    if (in == null) {
                        throw new DatasetIntegrityException(describe(fileName) + ": file listed by the set is missing");
                    }
                    return in.readAllBytes();
                }
            }

            @Override
            public String describe(String fileName) {
                return "built-in set " + name + " (classpath:" + root + fileName + ")";
            }
        });
    }

    /** Loads a built-in set by name, or a folder when {@code nameOrPath} names an existing folder. */
    public static StimulusSet resolve(String nameOrPath) throws IOException {
        Path p = Path.of(nameOrPath);
        return Files.isDirectory(p) ? load(p) : loadBuiltin(nameOrPath);
    }

    private static StimulusSet load(Source src) throws IOException {
        String manifestName = "manifest.json";
        StimulusSetManifest m;
        try {
            m = JSON.readValue(src.read(manifestName), StimulusSetManifest.class);
        } catch (JsonProcessingException e) {
            throw new DatasetIntegrityException(src.describe(manifestName) + ": unreadable manifest: "
                    + e.getOriginalMessage());
        }
        String where = src.describe(manifestName);
        boolean format2 = StimulusSetManifest.FORMAT_2.equals(m.format());
        if (!StimulusSetManifest.FORMAT.equals(m.format()) && !format2) {
            throw new DatasetIntegrityException(where + ": format is '" + m.format() + "', expected '"
                    + StimulusSetManifest.FORMAT + "' or '" + StimulusSetManifest.FORMAT_2 + "'");
        }
        if (format2) {
            StimulusDescription.check(where, m.stimuli());
        } else if (m.stimuli() != null) {
            throw new DatasetIntegrityException(where + ": field 'stimuli' belongs to format '"
                    + StimulusSetManifest.FORMAT_2 + "'");
        }
        requireField(where, "name", m.name());
        requireField(where, "sha256", m.sha256());
        if (m.files() == null || m.items() == null || m.classLabels() == null) {
            throw new DatasetIntegrityException(where + ": manifest needs files, items and classLabels");
        }
        String setHash = StimulusSetManifest.computeSetHash(m.stimuli(), m.classLabels(), m.files(), m.items());
        if (!setHash.equals(m.sha256())
                && StimulusSetManifest.legacySetHash(m.stimuli(), m.files(), m.items()).equals(m.sha256())) {
            throw new DatasetIntegrityException(where + ": its set SHA-256 was computed before class names entered "
                    + "it, so nothing vouches for its class names; rebuild the set (datasets build)");
        }
        if (!setHash.equals(m.sha256())) {
            throw new DatasetIntegrityException(where + ": set SHA-256 " + setHash
                    + " does not match the manifest's " + m.sha256());
        }
        Set<String> ids = new HashSet<>();
        for (StimulusSetManifest.Item it : m.items()) {
            if (!ids.add(it.id())) {
                throw new DatasetIntegrityException(where + ": item id '" + it.id() + "' appears twice");
            }
            if (it.label() < 0 || it.label() >= m.classLabels().size()) {
                throw new DatasetIntegrityException(where + ": item " + it.id() + " has label " + it.label()
                        + " outside 0.." + (m.classLabels().size() - 1));
            }
        }
        String samplesFile = format2 ? StimulusSetManifest.SAMPLES_FILE : StimulusSetManifest.IMAGES_FILE;
        String imgName = src.describe(samplesFile);
        SampleData samples = SampleData.decode(checkedBytes(src, m, samplesFile), imgName);
        IdxFile labels = IdxFile.read(new ByteArrayInputStream(checkedBytes(src, m, StimulusSetManifest.LABELS_FILE)),
                src.describe(StimulusSetManifest.LABELS_FILE));
        if (format2) {
            StimulusDescription.checkSamples(imgName, m.stimuli(), samples, m.items());
        } else if (samples.dims().length != 3 || samples.uint8() == null) {
            throw new DatasetIntegrityException(imgName + ": expected [n, height, width] images of unsigned bytes");
        }
        if (samples.count() != m.items().size() || labels.count() != m.items().size()) {
            throw new DatasetIntegrityException(imgName + ": " + samples.count() + " samples and "
                    + labels.count() + " labels for " + m.items().size() + " manifest items");
        }
        for (int i = 0; i < labels.count(); i++) {
            if (labels.label(i) != m.items().get(i).label()) {
                throw new DatasetIntegrityException(src.describe(StimulusSetManifest.LABELS_FILE) + ": item " + i
                        + " has label " + labels.label(i) + ", manifest says " + m.items().get(i).label());
            }
        }
        return new StimulusSet(m, samples);
    }

    private static byte[] checkedBytes(Source src, StimulusSetManifest m, String fileName) throws IOException {
        StimulusSetManifest.FileEntry entry = m.file(fileName);
        if (entry == null) {
            throw new DatasetIntegrityException(src.describe("manifest.json") + ": lists no file " + fileName);
        }
        byte[] bytes = src.read(fileName);
        String actual = Hashing.sha256(bytes);
        if (!actual.equals(entry.sha256())) {
            throw new DatasetIntegrityException(src.describe(fileName) + ": SHA-256 " + actual
                    + " does not match the manifest's " + entry.sha256()
                    + "; the file was changed or damaged, and the set is refused");
        }
        if (bytes.length != entry.bytes()) {
            throw new DatasetIntegrityException(src.describe(fileName) + ": " + bytes.length
                    + " bytes, manifest says " + entry.bytes());
        }
        return bytes;
    }

    private static void requireField(String where, String field, String value) throws IOException {
        if (value == null || value.isBlank()) {
            throw new DatasetIntegrityException(where + ": manifest field '" + field + "' is missing");
        }
    }
}
