package org.metamerbench.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A Maven that sees none of metamer-bench's own artifacts but those a test installs: an empty local repository
 * of its own, served first from this machine's local repository without {@code org/metamerbench} (so nothing is
 * downloaded that is already here), then from Maven Central. A documented install command that forgot an
 * artifact then fails as it would on a plugin author's machine, instead of finding a copy an earlier build left.
 */
public final class IsolatedMaven {
    private IsolatedMaven() {}

    /**
     * The environment for {@code mvn} processes: MAVEN_OPTS naming the settings, whose local repository lies in
     * {@code dir}. The view of this machine's repository is made once, in the module's build folder.
     */
    public static synchronized Map<String, String> env(Path dir) throws IOException {
        Path here = Path.of(System.getProperty("user.home"), ".m2", "repository");
        Path farm = Path.of("target", "maven-served").toAbsolutePath();
        if (!Files.isDirectory(farm) && Files.isDirectory(here)) {
            Files.createDirectories(farm);
            try (Stream<Path> top = Files.list(here)) {
                for (Path p : top.toList()) {
                    if (!p.getFileName().toString().equals("org")) {
                        Files.createSymbolicLink(farm.resolve(p.getFileName().toString()), p);
                    }
                }
            }
            Path org = here.resolve("org");
            if (Files.isDirectory(org)) {
                Path farmOrg = Files.createDirectories(farm.resolve("org"));
                try (Stream<Path> groups = Files.list(org)) {
                    for (Path p : groups.toList()) {
                        if (!p.getFileName().toString().equals("metamerbench")) {
                            Files.createSymbolicLink(farmOrg.resolve(p.getFileName().toString()), p);
                        }
                    }
                }
            }
        }
        Files.createDirectories(farm);
        Path home = Files.createDirectories(dir.resolve("home"));
        String repo = "<repository><id>this-machine</id><url>" + farm.toUri() + "</url>"
                + "<snapshots><enabled>false</enabled></snapshots></repository>";
        Files.createDirectories(home.resolve(".m2"));
        Files.writeString(home.resolve(".m2/settings.xml"), "<settings><localRepository>" + dir.resolve("local")
                + "</localRepository><profiles><profile><id>this-machine</id>"
                + "<repositories>" + repo + "</repositories>"
                + "<pluginRepositories>" + repo.replace("repository>", "pluginRepository>") + "</pluginRepositories>"
                + "</profile></profiles><activeProfiles><activeProfile>this-machine</activeProfile></activeProfiles>"
                + "</settings>\n");
        String opts = System.getenv().getOrDefault("MAVEN_OPTS", "");
        return Map.of("MAVEN_OPTS", (opts + " -Duser.home=" + home).trim());
    }
}
