package org.metamerbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metamerbench.runner.engine.RunPlan;
import picocli.CommandLine;

/** How `run --workers auto` chooses: the fastest measured count, a margin for several, a stopped run's own. */
class WorkerChoiceTest {
    @TempDir
    Path tmp;

    @Test
    void candidatesArePowersOfTwoUpToTheCoresAndTheJobs() {
        assertEquals(List.of(1, 2), WorkerChoice.candidates(2, 10));
        assertEquals(List.of(1, 2, 4, 8), WorkerChoice.candidates(8, 100));
        assertEquals(List.of(1, 2), WorkerChoice.candidates(8, 3));
        assertEquals(List.of(1), WorkerChoice.candidates(1, 10));
        assertEquals(List.of(1), WorkerChoice.candidates(16, 1));
    }

    @Test
    void severalWorkersAreChosenOnlyWhenTheyBeatOneProcessByTheMargin() {
        var one = new WorkerChoice.Trial(1, 4, 1000);
        assertEquals(2, WorkerChoice.pick(List.of(one, new WorkerChoice.Trial(2, 2, 1300),
                new WorkerChoice.Trial(4, 1, 1200))).workers());
        assertEquals(2, WorkerChoice.pick(List.of(one, new WorkerChoice.Trial(2, 2, 1300))).threads());
        var close = WorkerChoice.pick(List.of(one, new WorkerChoice.Trial(2, 2, 1040)));
        assertEquals(1, close.workers(), "1.04x is under the margin");
        assertEquals(4, close.threads());
        assertTrue(close.why().contains("1.04x"), close.why());
        assertEquals(1, WorkerChoice.pick(List.of(one, new WorkerChoice.Trial(2, 2, 800))).workers());
    }

    @Test
    void theMeasuredJobIsTheDeepestStageOfTheGeneratorInTheMiddleOfThePlan() {
        List<RunPlan.Job> jobs = List.of(new RunPlan.Job(0, "a", "s1"), new RunPlan.Job(1, "a", "s2"),
                new RunPlan.Job(2, "b", "s1"), new RunPlan.Job(3, "b", "s2"), new RunPlan.Job(4, "b", "s3"));
        assertEquals(jobs.get(4), WorkerChoice.measured(jobs));
        assertEquals(jobs.get(1), WorkerChoice.measured(jobs.subList(0, 2)));
    }

    @Test
    void aStoppedRunIsFinishedWithTheCountItStartedWith() throws IOException {
        Path out = tmp.resolve("results");
        assertEquals(OptionalInt.empty(), WorkerChoice.started(out, "r"));
        Files.createDirectories(out.resolve("r-shard-2-of-4"));
        Files.createDirectories(out.resolve("other-shard-1-of-8"));
        assertEquals(OptionalInt.of(4), WorkerChoice.started(out, "r"));
        Files.createDirectories(out.resolve("s"));
        assertEquals(OptionalInt.of(1), WorkerChoice.started(out, "s"));
        assertEquals(OptionalInt.empty(), WorkerChoice.started(out, "other-shard-1"));
    }

    @Test
    void measuringRunsBenchProcessesOnAJobOfThePlanForEachCandidate() throws Exception {
        RunCommand cmd = new RunCommand();
        new CommandLine(cmd).parseArgs("--models", "cnn-s1", "--stages", "conv1_relu,final", "--stimuli", "10",
                "--out", tmp.resolve("results").toString());
        RunPlan plan = RunPlan.make(cmd.config("m"), cmd.pluginOptions.registry(), w -> { });
        Path scratch = Files.createDirectories(tmp.resolve("scratch"));
        WorkerChoice.Choice c = WorkerChoice.measure(plan, List.of(), 2, 600, scratch);
        System.out.print(WorkerChoice.describe(c));
        assertEquals(2, c.trials().size());
        assertEquals(List.of(1, 2), c.trials().stream().map(WorkerChoice.Trial::workers).toList());
        assertEquals(List.of(2, 1), c.trials().stream().map(WorkerChoice.Trial::threads).toList());
        c.trials().forEach(t -> assertTrue(t.stimulusStepsPerSecond() > 0, t.toString()));
        assertEquals(WorkerChoice.pick(c.trials()).measuredOn("cnn-s1 x final at batch 10"), c);
    }
}
