package org.metamerbench.runner.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.metamerbench.datasets.FashionMnist;
import org.metamerbench.datasets.ImageSet;
import org.metamerbench.datasets.ImageSetBuilder;
import org.metamerbench.datasets.ImageSetLoader;
import org.metamerbench.datasets.ImageSetManifest;
import org.metamerbench.datasets.OwnedOutput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Builds and checks stimulus sets and null pools. */
@Command(name = "datasets", mixinStandardHelpOptions = true,
        description = "Builds the built-in stimulus set and null pool from the original Fashion-MNIST files, "
                + "or checks a set against its manifest.",
        subcommands = {DatasetsCommand.Build.class, DatasetsCommand.Verify.class})
public final class DatasetsCommand extends CommandGroup {

    @Command(name = "build", mixinStandardHelpOptions = true,
            description = "Writes fashion-mnist-test-100 and fashion-mnist-train-2000 (IDX files and manifest.json) "
                    + "into OUT; the result is byte for byte the built-in sets.")
    static final class Build implements Callable<Integer> {
        @Option(names = "--data", description = "Folder with the Fashion-MNIST IDX files (default: ${DEFAULT-VALUE})")
        Path data = FashionMnist.DEBIAN_DIR;

        @Option(names = "--out", required = true, description = "Output folder; one sub-folder per set, created, or "
                + "replaced if this command wrote it and nothing was added")
        Path out;

        @picocli.CommandLine.Mixin
        ForceOption force = new ForceOption();

        @Override
        public Integer call() throws Exception {
            for (ImageSetBuilder.Recipe r : new ImageSetBuilder.Recipe[] {ImageSetBuilder.STIMULUS_SET,
                    ImageSetBuilder.NULL_POOL}) {
                ImageSetManifest[] built = new ImageSetManifest[1];
                OwnedOutput.replaceFolder(out.resolve(r.name()), "datasets build", force.force,
                        dir -> built[0] = ImageSetBuilder.build(r, data, dir));
                ImageSetManifest m = built[0];
                System.out.printf("%s: %d images, sha256 %s%n", m.name(), m.items().size(), m.sha256());
            }
            return 0;
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Loads a set (a built-in name or a folder) and checks every file against its manifest.")
    static final class Verify implements Callable<Integer> {
        @Parameters(paramLabel = "NAME|DIR")
        String set;

        @Override
        public Integer call() throws Exception {
            ImageSet s = ImageSetLoader.resolve(set);
            System.out.printf("%s: %d images, %d classes, sha256 %s: OK%n", s.name(), s.size(),
                    s.classLabels().size(), s.sha256());
            return 0;
        }
    }
}
