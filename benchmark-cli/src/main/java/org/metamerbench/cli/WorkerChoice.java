package org.metamerbench.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.metamerbench.results.CsvTable;
import org.metamerbench.runner.engine.RunPlan;
import org.metamerbench.runner.isolation.ChildJvm;

/**
 * {@code run --workers auto}: how many worker processes this machine runs a plan fastest with, measured
 * rather than assumed. Small convolutions scale poorly with intra-op threads, so on some machines K one-thread
 * processes beat one process on K threads, and on others not. Each candidate K (1, 2, 4, ... up to the cores
 * and the plan's jobs) runs K {@code bench} processes at once, each with cores / K engine threads, on one job
 * of the plan (its generator and stage, at the run's batch); the K with the most stimulus-steps per second
 * wins, if it beats one process by at least {@link #MARGIN}. The choice moves no result: every worker count
 * gives the same tables (run.json records the engine threads, which set the metamers' last bits).
 *
 * <p>A run that was stopped is finished with the count it started with (its folders say which), since its
 * engine thread count must not change.
 */
final class WorkerChoice {
    /** The least speed-up over one process for which several workers are chosen. */
    static final double MARGIN = 1.05;

    /** One candidate's measurement: {@code workers} processes of {@code threads} engine threads each. */
    record Trial(int workers, int threads, double stimulusStepsPerSecond) {
    }

    /** The chosen worker count, the engine threads of each, and what it was chosen from (empty if not measured). */
    record Choice(int workers, int threads, String why, List<Trial> trials) {
        Choice measuredOn(String what) {
            return new Choice(workers, threads, why + ", measured on " + what, trials);
        }
    }

    private WorkerChoice() {
    }

    /**
     * The worker count a stopped run {@code runId} under {@code out} was started with: K for shard folders
     * {@code <runId>-shard-i-of-K}, 1 for a run folder {@code <runId>}, empty for a new run.
     */
    static java.util.OptionalInt started(Path out, String runId) throws IOException {
        if (Files.isDirectory(out.resolve(runId))) {
            return java.util.OptionalInt.of(1);
        }
        if (!Files.isDirectory(out)) {
            return java.util.OptionalInt.empty();
        }
        Pattern shard = Pattern.compile(Pattern.quote(runId) + "-shard-[0-9]+-of-([0-9]+)");
        try (Stream<Path> s = Files.list(out)) {
            return s.map(p -> shard.matcher(p.getFileName().toString())).filter(Matcher::matches)
                    .mapToInt(m -> Integer.parseInt(m.group(1))).max();
        }
    }

    /** The candidate worker counts: 1 and the powers of two up to {@code cores} and {@code jobs}. */
    static List<Integer> candidates(int cores, int jobs) {
        List<Integer> k = new ArrayList<>(List.of(1));
        for (int w = 2; w <= Math.min(cores, jobs); w *= 2) {
            k.add(w);
        }
        return k;
    }

    /** Picks the fastest trial; several workers only if they beat one process by {@link #MARGIN}. */
    static Choice pick(List<Trial> trials) {
        Trial one = trials.stream().filter(t -> t.workers() == 1).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no one-process trial"));
        Trial best = one;
        for (Trial t : trials) {
            if (t.stimulusStepsPerSecond() > best.stimulusStepsPerSecond()) {
                best = t;
            }
        }
        double gain = best.stimulusStepsPerSecond() / one.stimulusStepsPerSecond();
        if (best.workers() > 1 && gain < MARGIN) {
            return new Choice(1, one.threads(), String.format(Locale.ROOT, "%d workers were %.2fx one process, "
                    + "under the %.2fx needed", best.workers(), gain, MARGIN), trials);
        }
        return new Choice(best.workers(), best.threads(), best.workers() == 1 ? "one process was fastest"
                : String.format(Locale.ROOT, "%d workers were %.2fx one process", best.workers(), gain), trials);
    }

    /**
     * Plans under this many stimulus-steps run in one process without measuring: the measurement (about 20 s
     * on 2 cores) would cost more than workers could save.
     */
    static final long SMALL_PLAN = 100_000;

    /**
     * The worker count for run {@code runId} of {@code plan} under {@code out}: the count a stopped run was
     * started with, one process for a small plan, else the fastest measured.
     */
    static Choice choose(RunPlan plan, Path out, String runId, PluginOptions plugins, int cores) throws IOException,
            InterruptedException {
        java.util.OptionalInt resumed = started(out, runId);
        if (resumed.isPresent()) {
            return new Choice(resumed.getAsInt(), Math.max(1, cores / resumed.getAsInt()), "run " + runId
                    + " was started with it", List.of());
        }
        long steps = plan.totalSteps(plan.jobs());
        if (steps < SMALL_PLAN) {
            return new Choice(1, cores, "a small plan: " + steps + " stimulus-steps", List.of());
        }
        Path scratch = Files.createTempDirectory("metamer-bench-workers");
        try {
            return measure(plan, plugins.asOptions(), cores, plugins.jobLimits.jobTimeout, scratch);
        } finally {
            org.metamerbench.results.AtomicFiles.deleteTree(scratch.getParent(), scratch);
        }
    }

    /**
     * Measures the candidates on the job in the middle of {@code plan} and chooses; {@code pluginOptions} are
     * {@code run}'s plugin options, passed to {@code bench}.
     */
    static Choice measure(RunPlan plan, List<String> pluginOptions, int cores, int timeoutSeconds, Path scratch)
            throws IOException,
            InterruptedException {
        List<RunPlan.Job> jobs = plan.jobs();
        List<Integer> ks = candidates(cores, jobs.size());
        if (ks.size() == 1) {
            return new Choice(1, cores, jobs.size() < 2 ? "the plan has one job" : "this machine has one core",
                    List.of());
        }
        RunPlan.Job job = measured(jobs);
        int batch = Math.min(plan.ids().size(), plan.config().batchSize());
        List<Trial> trials = new ArrayList<>();
        for (int k : ks) {
            int threads = Math.max(1, cores / k);
            trials.add(new Trial(k, threads, trial(job, batch, k, threads, pluginOptions, timeoutSeconds, scratch)));
        }
        return pick(trials).measuredOn(job + " at batch " + batch);
    }

    /**
     * The job measured: the deepest stage of the generator in the middle of the plan. Deep stages scale
     * best with threads (measured on cnn-adv-l2 at batch 20: two one-thread processes gave 1.34x one
     * two-thread process at conv1_relu, 1.24x at final), so the gain of several workers is not overstated.
     */
    static RunPlan.Job measured(List<RunPlan.Job> jobs) {
        String generator = jobs.get(jobs.size() / 2).generator();
        return jobs.stream().filter(j -> j.generator().equals(generator)).reduce((a, b) -> b).orElseThrow();
    }

    /** Stimulus-steps per second of {@code k} bench processes at once, summed. */
    private static double trial(RunPlan.Job job, int batch, int k, int threads, List<String> pluginOptions,
            int timeoutSeconds, Path scratch) throws IOException, InterruptedException {
        List<Process> procs = new ArrayList<>();
        List<Path> tables = new ArrayList<>();
        try {
            for (int i = 0; i < k; i++) {
                Path csv = scratch.resolve("workers-" + k + "-" + i + ".csv");
                Path log = scratch.resolve("workers-" + k + "-" + i + ".log");
                tables.add(csv);
                List<String> args = new ArrayList<>(List.of("bench", "--models", job.generator(), "--stage",
                        job.stage(), "--batches", Integer.toString(batch), "--repeats", "3", "--seconds", "1",
                        "--steps", "5", "--matmul-size", "64", "--csv", csv.toString()));
                args.addAll(pluginOptions);
                List<String> cmd = ChildJvm.command(List.of("-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads="
                        + threads, "-Dai.djl.pytorch.num_interop_threads=1"), Main.class.getName(), args);
                procs.add(ChildJvm.start(new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile())));
            }
            double total = 0;
            for (int i = 0; i < k; i++) {
                Process p = procs.get(i);
                if (!p.waitFor(timeoutSeconds, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
                    throw new IOException("measuring " + k + " workers on " + job + " failed; see "
                            + scratch.resolve("workers-" + k + "-" + i + ".log"));
                }
                List<CsvTable.Row> rows = CsvTable.read(tables.get(i), BenchCommand.CSV_HEADER);
                total += rows.get(0).getDouble("steps_per_s_median") * batch;
            }
            return total;
        } finally {
            procs.forEach(Process::destroy);
        }
    }

    /** The choice as the lines printed before the run. */
    static String describe(Choice c) {
        StringBuilder s = new StringBuilder();
        for (Trial t : c.trials()) {
            s.append(String.format(Locale.ROOT, "  %d worker(s) x %d engine thread(s): %.0f stimulus-steps/s%n",
                    t.workers(), t.threads(), t.stimulusStepsPerSecond()));
        }
        s.append(String.format(Locale.ROOT, "--workers auto: %d (%s)%n", c.workers(), c.why()));
        return s.toString();
    }
}
