package org.metamerbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metamerbench.scoring.Bootstrap;
import org.metamerbench.scoring.ModelScore;
import org.metamerbench.scoring.RunResults;
import org.metamerbench.runner.IsolatedMaven;
import org.metamerbench.runner.TestFolders;

/**
 * A model author's loop from outside this repository, as docs/models.md gives it: install what a plugin builds
 * against, copy the example plugin into a folder of its own, build it there with Maven (its own POM, the BOM, its
 * conformance tests), validate its jar and find its model scored in a run. Maven sees only what that command
 * installed ({@link IsolatedMaven}).
 */
class AuthorLoopTest {
    @TempDir
    Path tmp;

    static final Path REPOSITORY = Path.of("").toAbsolutePath().getParent();

    /** Maven without the artifacts earlier builds installed here: only what the documented command installs. */
    private Map<String, String> maven;

    private String maven(Path dir, Path log, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("mvn", "-B", "-q"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().putAll(maven);
        Process p = pb.start();
        assertTrue(p.waitFor(600, TimeUnit.SECONDS), "mvn " + String.join(" ", args) + " within 10 min");
        String out = Files.readString(log);
        assertEquals(0, p.exitValue(), "mvn " + String.join(" ", args) + " in " + dir + ":\n" + out);
        return out;
    }

    @Test
    void theExampleBuiltOutsideTheTreeValidatesAndIsScored() throws Exception {
        // the one command of docs/models.md, in a copy of the clone (every POM, and the sources of what it installs),
        // so that the build this test runs in never sees its own jars rewritten
        maven = IsolatedMaven.env(tmp.resolve("maven"));
        Path clone = TestFolders.copy(REPOSITORY, tmp.resolve("clone"), rel -> !TestFolders.built(rel)
                && (rel.getFileName().toString().equals("pom.xml") || rel.startsWith("benchmark-api/src")
                        || rel.startsWith("benchmark-test-kit/src")));
        maven(clone, tmp.resolve("install.log"), "install", "-DskipTests", "-pl", "benchmark-bom,benchmark-test-kit",
                "-am");
        Path project = TestFolders.copy(REPOSITORY.resolve("model-plugins/example"), tmp.resolve("my-plugin"),
                rel -> !TestFolders.built(rel));
        String build = maven(project, tmp.resolve("build.log"), "package");
        assertTrue(!build.contains("Tests run: 0"), build);
        Path jar = project.resolve("target/example-plugin-0.1.0-SNAPSHOT.jar");
        assertTrue(Files.isRegularFile(jar), "the plugin jar is built: " + build);
        assertTrue(Files.isRegularFile(project.resolve("target/surefire-reports/TEST-org.metamerbench.example"
                + ".ExamplePluginTest.xml")), "its conformance tests ran");

        Object[] v = ZooVariant.capture(() -> Main.execute("validate", jar.toString()));
        assertEquals(0, v[0], (String) v[1]);
        assertTrue(((String) v[1]).contains("conforms"), (String) v[1]);

        Path plugins = Files.createDirectories(tmp.resolve("plugins"));
        Files.copy(jar, plugins.resolve(jar.getFileName()));
        Path out = tmp.resolve("results");
        Object[] r = ZooVariant.capture(() -> Main.execute("run", "--plugins", plugins.toString(), "--models",
                "example-mlp", "--observers", "example-mlp,cnn-s1,mlp", "--stages", "fc1_relu,final", "--stimuli", "10",
                "--schedule-stages", "4", "--steps", "100", "--bootstrap", "50", "--out", out.toString(), "--run-id",
                "author"));
        assertEquals(0, r[0], (String) r[1]);
        RunResults run = RunResults.load(out.resolve("author"));
        ModelScore m = run.modelScores(new Bootstrap(50, 1)).stream().filter(s -> s.generator().equals("example-mlp"))
                .findFirst().orElseThrow();
        assertEquals(10, run.stageData("example-mlp", "fc1_relu").made(), "its 10 metamers are made and judged");
        assertTrue(run.model("example-mlp").version().startsWith("sha256:"), "versioned by its weights' hash");
        assertTrue(m.stagesScored() >= 1 && Double.isFinite(m.profileMean()), "scored by the panel: " + m);
        assertTrue(Files.readString(out.resolve("author/scores.csv")).contains("example-mlp,fc1_relu,"));
    }
}
