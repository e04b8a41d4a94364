package org.metamerbench.datasets;

import org.metamerbench.results.AtomicFiles;
import org.metamerbench.results.Hashing;
import org.metamerbench.results.IdxFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Derives the built-in image sets from the original Fashion-MNIST IDX files, reproducibly: a seeded
 * permutation of the split, then the first {@code perClass} images of each class, kept in index
 * order. Writes the IDX files and the manifest into a folder.
 */
public final class StimulusSetBuilder {
    private StimulusSetBuilder() {
    }

    /** The recipe of a set. */
    public record Recipe(String name, String kind, String split, int perClass, long seed, String description) {
    }

    public static final Recipe STIMULUS_SET = new Recipe(StimulusSetLoader.DEFAULT_STIMULUS_SET, "stimulus-set",
            "test", 10, 2019L, "Default stimulus set: 10 Fashion-MNIST test images per class.");
    public static final Recipe NULL_POOL = new Recipe(StimulusSetLoader.DEFAULT_NULL_POOL, "null-pool",
            "train", 200, 2023L, "Default null pool: 200 Fashion-MNIST training images per class; "
                    + "acceptance thresholds are the maximum of statistics over pairs of these images.");

    /** Selects the recipe's images from the split in {@code sourceDir} and writes the set to {@code outDir}. */
    public static StimulusSetManifest build(Recipe recipe, Path sourceDir, Path outDir) throws IOException {
        FashionMnist.Split split = recipe.split().equals("test")
                ? FashionMnist.test(sourceDir) : FashionMnist.train(sourceDir);
        int[] chosen = select(split.labels(), recipe.perClass(), recipe.seed(), FashionMnist.CLASS_LABELS.size());
        IdxFile images = split.images().select(chosen);
        IdxFile labels = split.labels().select(chosen);
        byte[] imgBytes = images.encode();
        byte[] labBytes = labels.encode();
        List<StimulusSetManifest.FileEntry> files = List.of(
                new StimulusSetManifest.FileEntry(StimulusSetManifest.IMAGES_FILE, Hashing.sha256(imgBytes), imgBytes.length),
                new StimulusSetManifest.FileEntry(StimulusSetManifest.LABELS_FILE, Hashing.sha256(labBytes), labBytes.length));
        List<StimulusSetManifest.Item> items = new ArrayList<>();
        for (int k = 0; k < chosen.length; k++) {
            items.add(new StimulusSetManifest.Item(String.format("%s-%05d", recipe.split(), chosen[k]),
                    chosen[k], labels.label(k)));
        }
        Map<String, String> source = new LinkedHashMap<>();
        source.put("dataset", "Fashion-MNIST (Xiao, Rasul & Vollgraf 2017), MIT licence");
        source.put("package", FashionMnist.DEBIAN_PACKAGE);
        source.put("split", recipe.split());
        String prefix = recipe.split().equals("test") ? "t10k" : "train";
        for (String f : new String[] {prefix + "-images-idx3-ubyte.gz", prefix + "-labels-idx1-ubyte.gz"}) {
            Path p = sourceDir.resolve(f);
            if (Files.isRegularFile(p)) {
                source.put("sha256:" + f, Hashing.sha256(p));
            }
        }
        Map<String, String> selection = new LinkedHashMap<>();
        selection.put("rule", "java.util.Random(seed) Fisher-Yates permutation of the split; first perClass "
                + "images of each class in permutation order; sorted by index");
        selection.put("seed", Long.toString(recipe.seed()));
        selection.put("perClass", Integer.toString(recipe.perClass()));
        StimulusSetManifest m = new StimulusSetManifest(StimulusSetManifest.FORMAT, recipe.name(), recipe.kind(), "1",
                recipe.description(), source, selection, FashionMnist.CLASS_LABELS, files, items,
                StimulusSetManifest.computeSetHash(null, FashionMnist.CLASS_LABELS, files, items));
        Files.createDirectories(outDir);
        AtomicFiles.write(outDir, outDir.resolve(StimulusSetManifest.IMAGES_FILE), imgBytes);
        AtomicFiles.write(outDir, outDir.resolve(StimulusSetManifest.LABELS_FILE), labBytes);
        AtomicFiles.write(outDir, outDir.resolve("manifest.json"), StimulusSetLoader.JSON.writeValueAsBytes(m));
        return m;
    }

    static int[] select(IdxFile labels, int perClass, long seed, int classes) {
        int[] perm = org.metamerbench.api.harness.Shuffle.permutation(labels.count(), new Random(seed));
        int[] taken = new int[classes];
        List<Integer> out = new ArrayList<>();
        for (int idx : perm) {
            int c = labels.label(idx);
            if (taken[c] < perClass) {
                taken[c]++;
                out.add(idx);
            }
        }
        for (int c = 0; c < classes; c++) {
            if (taken[c] < perClass) {
                throw new IllegalArgumentException("class " + c + " has only " + taken[c] + " images");
            }
        }
        return out.stream().mapToInt(Integer::intValue).sorted().toArray();
    }
}
