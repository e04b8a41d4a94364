package org.metamerbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metamerbench.scoring.RunResults;
import org.metamerbench.runner.IsolatedMaven;
import org.metamerbench.runner.TestFolders;
import org.yaml.snakeyaml.Yaml;

/**
 * The GitHub Actions recipe of a plugin's repository ({@code leaderboard/ci/metamer-gate.yml}) run as it is
 * shipped: each job's {@code run} steps, in order, as one bash script with the workflow's environment, in a fresh
 * copy of a plugin repository (the example plugin), against a git copy of this repository. The steps GitHub
 * provides ({@code uses:} checkout, Java, artifact upload) are what the test stands in for; only RUN_ARGS, the
 * repository's address and the plugin's jar are set for the test.
 */
class GateRecipeTest {
    @TempDir
    Path tmp;

    static final Path REPOSITORY = AuthorLoopTest.REPOSITORY;
    static final Path RECIPE = REPOSITORY.resolve("leaderboard/ci/metamer-gate.yml");

    /** A small run with the example plugin: two stages, ten stimuli, a short schedule. */
    static final String RUN_ARGS = "--models example-mlp --observers example-mlp,cnn-s1,mlp --stages fc1_relu,final"
            + " --stimuli 10 --schedule-stages 4 --steps 100 --bootstrap 50";

    record Step(String name, String run, boolean always) {}

    @SuppressWarnings("unchecked")
    static Map<String, Object> recipe() throws IOException {
        try (InputStream in = Files.newInputStream(RECIPE)) {
            return new Yaml().load(in);
        }
    }

    /** A job's {@code run} steps; the {@code uses:} steps are GitHub's actions, which the test stands in for. */
    @SuppressWarnings("unchecked")
    static List<Step> steps(Map<String, Object> recipe, String job) {
        Map<String, Object> j = (Map<String, Object>) ((Map<String, Object>) recipe.get("jobs")).get(job);
        List<Step> steps = new ArrayList<>();
        for (Map<String, Object> step : (List<Map<String, Object>>) j.get("steps")) {
            if (step.containsKey("run")) {
                steps.add(new Step(String.valueOf(step.get("name")), (String) step.get("run"),
                        "always()".equals(step.get("if"))));
            }
        }
        return steps;
    }

    /**
     * The steps as one script, run as a job runs them: each step in a shell of its own ({@code bash -e}), the
     * later ones skipped after a failure unless they run {@code always()}, the job failing with the first failure.
     */
    Path script(List<Step> steps, String job) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("steps-" + job));
        StringBuilder script = new StringBuilder("status=0\n");
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            Path file = Files.writeString(dir.resolve("step-" + i + ".sh"), step.run());
            script.append("if ").append(step.always() ? "true" : "[ $status -eq 0 ]").append("; then echo '::step ")
                    .append(step.name().replace("'", "")).append("'; bash -eo pipefail ").append(file)
                    .append(" </dev/null || status=$?; fi\n");
        }
        return Files.writeString(dir.resolve("job.sh"), script.append("exit $status\n"));
    }

    /** A git repository holding this checkout's files as they are now (the work tree, without what is built). */
    Path upstream() throws IOException, InterruptedException {
        Path up = tmp.resolve("metamer-bench.git-source");
        List<String> files = new ArrayList<>();
        if (Files.isDirectory(REPOSITORY.resolve(".git"))) {
            files.addAll(List.of(sh(REPOSITORY, Map.of(), "git ls-files -co --exclude-standard").split("\n")));
        }
        if (files.isEmpty() || files.get(0).isBlank()) {
            TestFolders.copy(REPOSITORY, up, rel -> !TestFolders.built(rel));
        } else {
            for (String f : files) {
                Path from = REPOSITORY.resolve(f);
                if (Files.isRegularFile(from)) {
                    Files.createDirectories(up.resolve(f).getParent());
                    Files.copy(from, up.resolve(f));
                }
            }
        }
        sh(up, Map.of(), "git init -q -b main && git add -A && git -c user.name=gate -c user.email=gate@localhost"
                + " commit -q -m snapshot");
        return up;
    }

    static String sh(Path dir, Map<String, String> env, String script) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", script).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(15, TimeUnit.MINUTES), script);
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), "in " + dir + ":\n" + script + "\n" + text);
        return text;
    }

    @Test
    void theBaselineJobThenTheGateJobPassInAPluginsOwnRepository() throws Exception {
        Map<String, Object> recipe = recipe();
        @SuppressWarnings("unchecked")
        Map<String, String> env = new LinkedHashMap<>((Map<String, String>) recipe.get("env"));
        assertTrue(env.keySet().containsAll(List.of("METAMER_BENCH_GIT", "METAMER_BENCH_REF", "PLUGIN_JAR",
                "RUN_ARGS")), "the recipe's settings: " + env.keySet());
        env.put("METAMER_BENCH_GIT", "file://" + upstream());
        env.put("PLUGIN_JAR", "target/example-plugin-0.1.0-SNAPSHOT.jar");
        env.put("RUN_ARGS", RUN_ARGS);
        env.putAll(IsolatedMaven.env(tmp.resolve("maven"))); // the recipe's install is all the plugin build sees
        Path summary = tmp.resolve("step-summary.md");
        env.put("GITHUB_STEP_SUMMARY", summary.toString());
        Path example = REPOSITORY.resolve("model-plugins/example");

        // a maintainer runs the workflow by hand once and commits the baseline it keeps
        Path first = TestFolders.copy(example, tmp.resolve("plugin-baseline"), rel -> !TestFolders.built(rel));
        String out = sh(first, env, "bash " + script(steps(recipe, "baseline"), "baseline"));
        Path baseline = first.resolve("metamer-baseline.json");
        assertTrue(Files.isRegularFile(baseline), "the baseline job writes the baseline to keep:\n" + out);

        // every push: a fresh checkout of the plugin's repository, now with the baseline committed
        Path checkout = TestFolders.copy(example, tmp.resolve("plugin-gate"), rel -> !TestFolders.built(rel));
        Files.copy(baseline, checkout.resolve("metamer-baseline.json"));
        out = sh(checkout, env, "bash " + script(steps(recipe, "gate"), "gate"));
        for (String step : List.of("Build metamer-bench", "Build the plugin", "Check the plugin", "Score the plugin",
                "Gate against the baseline", "Gate summary")) {
            assertTrue(out.contains("::step " + step), "step '" + step + "' ran:\n" + out);
        }
        assertTrue(out.contains("conforms"), "validate passed:\n" + out);
        RunResults candidate = RunResults.load(checkout.resolve("results/candidate"));
        assertEquals(10, candidate.stageData("example-mlp", "fc1_relu").made(), "the plugin's metamers were made");
        assertTrue(Files.readString(checkout.resolve("results/gate-junit.xml")).contains("<testsuite"));
        String md = Files.readString(checkout.resolve("results/gate.md"));
        assertTrue(md.contains("example-mlp"), md);
        assertEquals(md, Files.readString(summary), "the summary step appends the gate's markdown");
    }

    @Test
    void theGateJobRefusesWithoutACommittedBaselineBeforeRunningAnything() throws Exception {
        Step score = steps(recipe(), "gate").stream().filter(st -> st.name().startsWith("Score the plugin"))
                .findFirst().orElseThrow();
        // that step alone, in a checkout without the baseline, with nothing built: it must stop at its first line
        Path dir = Files.createDirectories(tmp.resolve("no-baseline"));
        Process p = new ProcessBuilder("bash", "-eo", "pipefail", "-c", score.run()).directory(dir.toFile())
                .redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue(), text);
        assertTrue(text.contains("metamer-baseline.json is not committed"), text);
        assertTrue(!Files.exists(dir.resolve("plugins")), "nothing ran after the refusal");
    }
}
