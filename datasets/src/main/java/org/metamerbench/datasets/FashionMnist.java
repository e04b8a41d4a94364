package org.metamerbench.datasets;

import org.metamerbench.results.IdxFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The Fashion-MNIST dataset (Xiao, Rasul &amp; Vollgraf 2017, MIT licence) as Debian's package
 * {@code dataset-fashion-mnist} installs it.
 */
public final class FashionMnist {
    /** Where Debian's {@code dataset-fashion-mnist} puts the IDX files. */
    public static final Path DEBIAN_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    public static final String DEBIAN_PACKAGE = "dataset-fashion-mnist";

    public static final List<String> CLASS_LABELS = List.of(
            "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
    public static final int SIDE = 28;

    /** The training or test split: images and labels. */
    public record Split(String name, IdxFile images, IdxFile labels) {
        public int size() {
            return images.count();
        }
    }

    private FashionMnist() {
    }

    public static Split train(Path dir) throws IOException {
        return split(dir, "train");
    }

    public static Split test(Path dir) throws IOException {
        return split(dir, "t10k");
    }

    private static Split split(Path dir, String prefix) throws IOException {
        Path images = find(dir, prefix + "-images-idx3-ubyte");
        Path labels = find(dir, prefix + "-labels-idx1-ubyte");
        IdxFile img = IdxFile.read(images);
        IdxFile lab = IdxFile.read(labels);
        if (img.dims().length != 3 || img.dims()[1] != SIDE || img.dims()[2] != SIDE) {
            throw new IOException(images + ": expected 28x28 images, got dims "
                    + java.util.Arrays.toString(img.dims()));
        }
        if (lab.dims().length != 1 || lab.count() != img.count()) {
            throw new IOException(labels + ": " + lab.count() + " labels for " + img.count() + " images");
        }
        for (int i = 0; i < lab.count(); i++) {
            if (lab.label(i) >= CLASS_LABELS.size()) {
                throw new IOException(labels + ": label " + lab.label(i) + " at item " + i + " is not a class 0..9");
            }
        }
        return new Split(prefix.equals("t10k") ? "test" : "train", img, lab);
    }

    private static Path find(Path dir, String base) throws IOException {
        for (String name : new String[] {base + ".gz", base}) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new IOException("Fashion-MNIST file " + base + "(.gz) not found in " + dir
                + (dir.equals(DEBIAN_DIR)
                        ? ". Install it with: apt-get install " + DEBIAN_PACKAGE
                        : ". Point to a folder with the original IDX files, or install Debian's "
                                + DEBIAN_PACKAGE + " (files go to " + DEBIAN_DIR + ")"));
    }
}
