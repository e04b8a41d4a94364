package org.metamerbench.results;

import java.nio.file.Path;

/**
 * The layout of a result folder, {@code results/<run-id>/}. Every file is plain text or a standard
 * image format, so reports and leaderboards are rebuilt from the folder alone.
 */
public final class ResultFiles {
    /** Harness version, git commit, config, stimulus-set hash, models, machine, timings, job status. */
    public static final String RUN_JSON = "run.json";
    /** One row per metamer: synthesis record, acceptance statistics and verdict. */
    public static final String METAMERS_CSV = "metamers.csv";
    /** One row per metamer x observer model. */
    public static final String RECOGNITION_CSV = "recognition.csv";
    /** One row per natural stimulus x observer model. */
    public static final String NATURAL_CSV = "natural.csv";
    /** Sampled loss curve of every metamer. */
    public static final String LOSS_CURVES_CSV = "loss_curves.csv";
    /** The columns of {@link #LOSS_CURVES_CSV}. */
    public static final java.util.List<String> LOSS_CURVES_HEADER = java.util.List.of("generator", "stage", "stimulus",
            "step", "loss");
    /** Null distribution summary per generator x stage x statistic. */
    public static final String NULL_CSV = "null_distributions.csv";
    /** Scores per generator x stage. */
    public static final String SCORES_CSV = "scores.csv";
    /** Lossless metamers: {@code metamers/<generator>/<stage>.idx} (float32 IDX, stimulus order). */
    public static final String METAMER_ARRAYS_DIR = "metamers";
    /** PNG pictures: {@code images/references/<stimulus>.png}, {@code images/<generator>/<stage>/<stimulus>.png}. */
    public static final String IMAGES_DIR = "images";
    /** WAV files of a sound run: {@code sounds/references/<stimulus>.wav}, {@code sounds/<generator>/<stage>/<stimulus>.wav}. */
    public static final String SOUNDS_DIR = "sounds";

    /**
     * The top-level files a finished run seals ({@link Seal}): its record and its tables. Pictures, sounds and the
     * report are derived from them; the metamer arrays and job parts are checked by their own hashes and seals.
     */
    public static final java.util.List<String> SEALED = java.util.List.of(RUN_JSON, METAMERS_CSV, RECOGNITION_CSV,
            NATURAL_CSV, LOSS_CURVES_CSV, NULL_CSV, SCORES_CSV, GraphTables.DRIFT_CSV, GraphTables.DIMENSION_CSV,
            GraphTables.GRAPHS_CSV);

    private ResultFiles() {
    }

    /** The files of {@link #SEALED} that {@code run} holds. */
    public static java.util.List<String> sealedPresent(Path run) {
        return SEALED.stream().filter(f -> java.nio.file.Files.isRegularFile(run.resolve(f))).toList();
    }

    /** Seals the run's top-level files as they are now: written last, once the run is finished. */
    public static void seal(Path run) throws java.io.IOException {
        Seal.write(run, sealedPresent(run));
    }

    /**
     * Why {@code run}'s top-level files are not as the harness sealed them (a file changed, added or removed), or
     * null when they are or when the folder is not sealed ({@link Seal#present}).
     */
    public static String sealProblem(Path run) throws java.io.IOException {
        if (!Seal.present(run)) {
            return null;
        }
        java.util.LinkedHashSet<String> files = new java.util.LinkedHashSet<>(Seal.listed(run));
        files.addAll(sealedPresent(run));
        return Seal.problem(run, java.util.List.copyOf(files));
    }

    public static Path referenceImage(Path run, String stimulusId) {
        return run.resolve(IMAGES_DIR).resolve("references").resolve(stimulusId + ".png");
    }

    public static Path metamerImage(Path run, String generator, String stage, String stimulusId) {
        return run.resolve(IMAGES_DIR).resolve(generator).resolve(stage).resolve(stimulusId + ".png");
    }

    public static Path referenceSound(Path run, String stimulusId) {
        return run.resolve(SOUNDS_DIR).resolve("references").resolve(stimulusId + ".wav");
    }

    public static Path metamerSound(Path run, String generator, String stage, String stimulusId) {
        return run.resolve(SOUNDS_DIR).resolve(generator).resolve(stage).resolve(stimulusId + ".wav");
    }

    public static Path metamerArray(Path run, String generator, String stage) {
        return run.resolve(METAMER_ARRAYS_DIR).resolve(generator).resolve(stage + ".idx");
    }
}
