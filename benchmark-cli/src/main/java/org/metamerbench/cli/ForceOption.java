package org.metamerbench.cli;

import picocli.CommandLine.Option;

/** {@code --force}, for the commands that write a folder or file of their own ({@link org.metamerbench.results.OwnedOutput}). */
final class ForceOption {
    @Option(names = "--force", description = "Replace the output even if this command did not write it (without: "
            + "an existing folder is replaced only if this command wrote it and nothing was added; an existing file "
            + "is overwritten only if this command wrote it)")
    boolean force;
}
