package org.metamerbench.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code metamer-bench} command line. */
@Command(name = "metamer-bench",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Scores how human-like a model's invariances are with model metamers "
                + "(Feather et al. 2019, 2023).",
        subcommands = {
                ListModelsCommand.class,
                TrainCommand.class,
                RunCommand.class,
                MergeCommand.class,
                ReportCommand.class,
                LeaderboardCommand.class,
                BaselineCommand.class,
                GateCommand.class,
                HumansCommand.class,
                ExperimentCommand.class,
                ValidateCommand.class,
                BenchCommand.class,
                BenchNullCommand.class,
                BenchForkCommand.class,
                BenchFrontEndCommand.class,
                StepsCurveCommand.class,
                ExportWeightsCommand.class,
                MameCommand.class,
                DatasetsCommand.class,
                CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        org.metamerbench.runner.isolation.ParentWatch.startIfChild(); // a worker of `run --workers` ends with its parent
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code (used by tests, which must not exit the JVM). */
    public static int execute(String... args) {
        configureBackends();
        return new CommandLine(new Main())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(Main::reportError)
                .execute(args);
    }

    /** DJL must never download anything: everything it needs ships in the jars. */
    static void configureBackends() {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        // DJL probes for CUDA on every start; on a CPU-only machine that is expected, not a warning.
        if (System.getProperty("org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils", "error");
        }
    }

    /** Bad input and unusable files get one clear line and exit code 2; bugs keep their stack trace. */
    private static int reportError(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        if (e instanceof java.io.IOException || e instanceof IllegalArgumentException
                || e instanceof IllegalStateException || e instanceof org.metamerbench.api.ModelException) {
            cmd.getErr().println(cmd.getCommandName() + ": " + e.getMessage());
            return 2;
        }
        e.printStackTrace(cmd.getErr());
        return 1;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
