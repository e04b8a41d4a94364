package org.metamerbench.runner.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metamerbench.api.harness.StopRule;
import org.metamerbench.results.MetamerRow;
import org.metamerbench.results.ResultFiles;
import org.metamerbench.runner.acceptance.NullPairs;
import org.metamerbench.runner.isolation.IsolatedModel;
import org.metamerbench.runner.isolation.JobLimits;
import org.metamerbench.zoo.ZooProvider;

/**
 * A run under the adaptive stopping rule: it is recorded in run.json, every metamer says how many steps it took and
 * why it stopped, a metamer that stopped as accepted is accepted by its job's verdict, and a plugin's metamers made
 * in its own JVM under the rule are those made in the harness's.
 */
class AdaptiveStoppingRunTest {
    @TempDir
    Path out;

    private RunConfig config(String generator, String stage, String runId, StopRule rule) {
        return new RunConfig("test", List.of(generator), List.of(generator, "mlp"), List.of(stage),
                "fashion-mnist-test-100", 10, "fashion-mnist-train-2000", 4, 40, true, false, 1, 100, 1.0, 20, out,
                runId, false, List.of(), false, NullPairs.ALL, rule);
    }

    @Test
    void theRuleIsRecordedAndEveryMetamerSaysHowItStopped() throws IOException {
        ModelRegistry registry = ModelRegistry.of(new ZooProvider());
        StopRule rule = StopRule.adaptive(40);
        BenchmarkRun.Outcome adaptive = BenchmarkRun.execute(config("mlp", "fc1_relu", "adaptive", rule), registry,
                new BenchmarkRun.Listener() { });
        BenchmarkRun.Outcome fixed = BenchmarkRun.execute(config("mlp", "fc1_relu", "fixed", StopRule.FIXED), registry,
                new BenchmarkRun.Listener() { });
        JsonNode run = new ObjectMapper().readTree(adaptive.runDir().resolve(ResultFiles.RUN_JSON).toFile());
        assertEquals("adaptive", run.at("/config/stopping/rule").asText());
        assertEquals(rule.window(), run.at("/config/stopping/window").asInt());
        assertEquals(rule.threshold(), run.at("/config/stopping/threshold").asDouble());
        JsonNode fixedRun = new ObjectMapper().readTree(fixed.runDir().resolve(ResultFiles.RUN_JSON).toFile());
        assertEquals("fixed", fixedRun.at("/config/stopping/rule").asText());
        assertTrue(fixedRun.at("/config/stopping/window").isMissingNode());

        List<MetamerRow> a = MetamerRow.read(adaptive.runDir().resolve(ResultFiles.METAMERS_CSV));
        List<MetamerRow> f = MetamerRow.read(fixed.runDir().resolve(ResultFiles.METAMERS_CSV));
        assertEquals(10, a.size());
        int stepsA = 0;
        for (MetamerRow m : a) {
            assertTrue(m.steps() > 0 && m.steps() <= 160, m.toString());
            assertTrue(List.of(StopRule.ACCEPTED, StopRule.PLATEAU, StopRule.BUDGET).contains(m.stopped()), m.stopped());
            if (m.stopped().equals(StopRule.ACCEPTED)) {
                assertTrue(m.accepted(), "judged accepted at the plateau, accepted by the job: " + m);
            }
            stepsA += m.steps();
        }
        for (MetamerRow m : f) {
            assertEquals(160, m.steps());
            assertEquals(StopRule.BUDGET, m.stopped());
        }
        assertTrue(a.stream().anyMatch(m -> m.stopped().equals(StopRule.ACCEPTED)), a.toString());
        assertTrue(stepsA < 1600, "the rule saved steps: " + stepsA + " of 1,600");
        // Scores under the two rules are never compared: the rule is part of the protocol.
        String pa = org.metamerbench.scoring.RunResults.load(adaptive.runDir()).protocol();
        String pf = org.metamerbench.scoring.RunResults.load(fixed.runDir()).protocol();
        assertEquals(pf + ", stopping adaptive (window " + rule.window() + ", threshold " + rule.threshold() + ")", pa);
        // The rule is read back from run.json as it was run.
        assertEquals(rule, RunRecordWriter.configOf(org.metamerbench.results.RunRecord.read(adaptive.runDir()), out)
                .stopping());
    }

    @Test
    void aPluginsMetamersUnderTheRuleAreTheSameInItsOwnJvm() throws IOException {
        Path build = out.resolve("build");
        Path plugins = out.resolve("plugins");
        Files.createDirectories(build);
        Files.createDirectories(plugins);
        Files.copy(PluginJars.build(build, "lin-1", Map.of("lin.Provider", TrustTest.linearPlugin("1.0")),
                "lin.Provider"), plugins.resolve("linear.jar"));
        StopRule rule = StopRule.adaptive(40);
        BenchmarkRun.Outcome here = BenchmarkRun.execute(config("linear", "final", "here", rule),
                ModelRegistry.discover(getClass().getClassLoader(), plugins), new BenchmarkRun.Listener() { });
        BenchmarkRun.Outcome forked = BenchmarkRun.execute(config("linear", "final", "forked", rule),
                ModelRegistry.discover(getClass().getClassLoader(), plugins)
                        .isolatePlugins(IsolatedModel.in(new JobLimits(300, 512))), new BenchmarkRun.Listener() { });
        assertTrue(forked.jobs().stream().allMatch(j -> j.status().equals("ok")), forked.jobs().toString());
        assertArrayEquals(Files.readAllBytes(ResultFiles.metamerArray(here.runDir(), "linear", "final")),
                Files.readAllBytes(ResultFiles.metamerArray(forked.runDir(), "linear", "final")));
        List<MetamerRow> h = MetamerRow.read(here.runDir().resolve(ResultFiles.METAMERS_CSV));
        List<MetamerRow> k = MetamerRow.read(forked.runDir().resolve(ResultFiles.METAMERS_CSV));
        for (int i = 0; i < h.size(); i++) {
            assertEquals(h.get(i).steps(), k.get(i).steps());
            assertEquals(h.get(i).stopped(), k.get(i).stopped());
        }
        assertTrue(h.stream().anyMatch(m -> m.steps() < 160), "some stimulus stopped early: " + h);
    }
}
