package org.metamerbench.runner;

import java.nio.file.Path;

/** The committed model packages of the packages module's tests (TorchScript, ONNX, copies of zoo models). */
public final class PackageFixtures {
    /** Their folder, from any module's folder of this checkout. */
    public static final Path DIR = Path.of("..", "model-plugins", "packages", "src", "test", "resources", "fixtures");

    private PackageFixtures() {}
}
