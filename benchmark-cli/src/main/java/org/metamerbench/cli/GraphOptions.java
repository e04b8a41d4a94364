package org.metamerbench.cli;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.metamerbench.runner.engine.BenchmarkRun;
import org.metamerbench.runner.engine.ModelRegistry;
import org.metamerbench.runner.graph.GraphRun;
import org.metamerbench.runner.graph.GraphSynthesisConfig;
import org.metamerbench.scoring.RunResults;
import picocli.CommandLine.Option;

/** The options of a run on graphs ({@code run --profile graph}, or a graph set given with --stimulus-set). */
final class GraphOptions {
    @Option(names = "--graph-kind", paramLabel = "features|structure|both", description = "What graph metamers "
            + "change: the node features, the edges, or both (default: ${DEFAULT-VALUE})")
    String kind = "structure";

    @Option(names = "--graph-loss", paramLabel = "normalised|squared", description = "The harness's normalised loss "
            + "with unit-length steps, or the seed work's squared loss with Adam (default: ${DEFAULT-VALUE})")
    String loss = "normalised";

    @Option(names = "--feature-step", paramLabel = "X", description = "The features' step over the edges' "
            + "(default: ${DEFAULT-VALUE})")
    double featureStep = GraphSynthesisConfig.FEATURE_STEP;

    @Option(names = "--tau", paramLabel = "T", description = "Spread of the starting real-valued features, mu + tau "
            + "* sigma * eps (default: ${DEFAULT-VALUE})")
    double tau = 1.0;

    @Option(names = "--nodes-per-batch", paramLabel = "N", description = "Nodes one model call takes at most, the "
            + "stimuli batched as a disjoint union (default: ${DEFAULT-VALUE})")
    int nodesPerBatch = 600;

    @Option(names = "--no-dimension", negatable = true, description = "Measure each stimulus's metamer dimension "
            + "at each stage (default: on)")
    boolean dimension = true;

    /** Runs the graph benchmark that {@code run}'s options describe, prints its table, returns the exit code. */
    int run(RunCommand c, String id, ModelRegistry registry) throws IOException {
        if (c.shard != null || !c.workers.equals("1")) {
            throw new IllegalArgumentException("a graph run is one process: leave out --shard and --workers");
        }
        if (c.stopping != null && !c.stopping.equals("fixed")) {
            throw new IllegalArgumentException("--stopping " + c.stopping + ": graph synthesis takes the fixed budget "
                    + "(the adaptive rule is for images and sounds); leave out --stopping");
        }
        Profile p = c.profile;
        GraphSynthesisConfig synthesis = new GraphSynthesisConfig(GraphSynthesisConfig.Kind.parse(kind),
                GraphSynthesisConfig.Loss.parse(loss), c.scheduleStages != null ? c.scheduleStages : p.scheduleStages,
                c.steps != null ? c.steps : p.iterationsPerStage, 1.0, featureStep, tau, 32, nodesPerBatch);
        GraphRun.Config cfg = new GraphRun.Config(p.name().toLowerCase(Locale.ROOT),
                c.models != null ? c.models : p.generators, c.observers, c.stages != null ? c.stages : p.stages,
                c.stimulusSet != null ? c.stimulusSet : p.stimulusSet, c.stimuli != null ? c.stimuli : p.stimuli,
                synthesis, c.seed, c.bootstrap, dimension, c.out, id);
        GraphRun.Outcome o = GraphRun.execute(cfg, registry, msg -> System.err.println(msg));
        RunResults results = RunResults.load(o.runDir());
        System.out.print(ResultTable.render(BenchmarkRun.Outcome.stored(results)));
        System.out.print(GraphSummaryTable.render(o.runDir()));
        System.out.println("results: " + o.runDir().toAbsolutePath());
        try {
            System.out.println("report:  " + org.metamerbench.reports.HtmlReport.write(results).html()
                    .toAbsolutePath());
        } catch (IOException | RuntimeException e) {
            System.err.println("warning: the report could not be built (" + e.getMessage() + "); the results are "
                    + "stored; rebuild it with: metamer-bench report " + o.runDir());
        }
        return o.jobs().stream().anyMatch(j -> !j.status().equals("ok")) ? RunReport.FAILED_JOBS : 0;
    }

    static boolean isGraph(Profile p, String stimulusSet) {
        return p == Profile.GRAPH || (stimulusSet != null
                && org.metamerbench.datasets.graph.GraphSets.isGraphSet(stimulusSet));
    }

}
