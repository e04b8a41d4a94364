package org.metamerbench.runner;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/** The harness's own identity: version, and the git commit of the checkout it runs from. */
public final class HarnessInfo {
    private static final String VERSION;
    private static volatile String commit;

    static {
        Properties p = new Properties();
        try (InputStream in = HarnessInfo.class.getResourceAsStream("/org/metamerbench/runner/harness.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // fall through to "unknown"
        }
        VERSION = p.getProperty("version", "unknown");
    }

    private HarnessInfo() {
    }

    public static String version() {
        return VERSION;
    }

    /**
     * The commit of the checkout that holds the running code (with {@code -dirty} when it has
     * uncommitted changes), or {@code unknown} outside a git checkout.
     */
    public static String gitCommit() {
        String c = commit;
        if (c == null) {
            commit = c = findCommit();
        }
        return c;
    }

    private static String findCommit() {
        try {
            Path here = Path.of(HarnessInfo.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path dir = here; dir != null; dir = dir.getParent()) {
                if (Files.exists(dir.resolve(".git"))) {
                    String head = git(dir, "rev-parse", "HEAD");
                    if (head == null) {
                        return "unknown";
                    }
                    String status = git(dir, "status", "--porcelain", "--untracked-files=no");
                    return status != null && !status.isBlank() ? head + "-dirty" : head;
                }
            }
        } catch (Exception e) {
            // not from a checkout
        }
        return "unknown";
    }

    private static String git(Path dir, String... args) throws IOException, InterruptedException {
        String[] cmd = new String[args.length + 3];
        cmd[0] = "git";
        cmd[1] = "-C";
        cmd[2] = dir.toString();
        System.arraycopy(args, 0, cmd, 3, args.length);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            return null;
        }
        return new String(out, StandardCharsets.UTF_8).strip();
    }
}
