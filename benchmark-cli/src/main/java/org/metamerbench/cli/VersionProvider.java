package org.metamerbench.cli;

import org.metamerbench.runner.HarnessInfo;
import picocli.CommandLine;

/** Prints the harness version and the commit it was built from. */
public final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"metamer-bench " + HarnessInfo.version() + " (commit " + HarnessInfo.gitCommit() + ")"};
    }
}
