package org.metamerbench.results;

import java.io.IOException;
import java.util.List;

/**
 * One row of {@code metamers.csv}: a metamer of {@code stimulusId} made by {@code generator} at
 * {@code stage}, how it was made and whether it was accepted.
 *
 * @param steps           the steps its synthesis took
 * @param stopped         why its synthesis ended: {@code budget} (every step taken), {@code accepted} (accepted at a
 *                        plateau of the adaptive rule) or {@code plateau} (stopped improving in the last schedule stage)
 * @param referenceClass  the generator's class for the natural reference
 * @param metamerClass    the generator's class for the metamer (acceptance needs them equal)
 * @param nullSpearman    the acceptance threshold applied (null maximum or the run's quantile)
 * @param accepted        passed both criteria: same class, and all three statistics at least the threshold
 */
public record MetamerRow(
        String generator, String generatorVersion, String stage, String stimulusId, int label, long seed,
        int steps, String stopped, double finalLoss, double seconds, int referenceClass, int metamerClass,
        double spearman, double pearson, double snrDb,
        double nullSpearman, double nullPearson, double nullSnrDb, boolean accepted) {

    public static final List<String> HEADER = List.of(
            "generator", "generator_version", "stage", "stimulus", "label", "seed", "steps", "stopped", "final_loss",
            "seconds", "reference_class", "metamer_class", "class_match", "spearman", "pearson", "snr_db",
            "null_spearman", "null_pearson", "null_snr_db", "passes_spearman", "passes_pearson",
            "passes_snr", "accepted");

    /** The header of a run recorded before the stopping rule existed (every metamer took the whole budget). */
    public static final List<String> HEADER_WITHOUT_STOPPED = HEADER.stream().filter(c -> !c.equals("stopped"))
            .toList();

    /** The rows of a {@code metamers.csv}, this harness's or one recorded before the stopping rule existed. */
    public static List<MetamerRow> read(java.nio.file.Path file) throws IOException {
        List<MetamerRow> out = new java.util.ArrayList<>();
        for (CsvTable.Row r : CsvTable.read(file, HEADER, HEADER_WITHOUT_STOPPED)) {
            out.add(from(r));
        }
        return out;
    }

    public boolean classMatch() {
        return referenceClass == metamerClass;
    }

    public boolean passesSpearman() {
        return AcceptanceRule.correlationPasses(spearman, nullSpearman);
    }

    public boolean passesPearson() {
        return AcceptanceRule.correlationPasses(pearson, nullPearson);
    }

    public boolean passesSnr() {
        return AcceptanceRule.snrPasses(snrDb, nullSnrDb);
    }

    public List<Object> toRow() {
        return List.of(generator, generatorVersion, stage, stimulusId, label, seed, steps, stopped, finalLoss, seconds,
                referenceClass, metamerClass, classMatch(), spearman, pearson, snrDb, nullSpearman, nullPearson,
                nullSnrDb, passesSpearman(), passesPearson(), passesSnr(), accepted);
    }

    public static MetamerRow from(CsvTable.Row r) throws IOException {
        return new MetamerRow(r.get("generator"), r.get("generator_version"), r.get("stage"), r.get("stimulus"),
                (int) r.getLong("label"), r.getLong("seed"), (int) r.getLong("steps"),
                r.header().contains("stopped") ? r.get("stopped") : "budget", r.getDouble("final_loss"),
                r.getDouble("seconds"), (int) r.getLong("reference_class"), (int) r.getLong("metamer_class"),
                r.getDouble("spearman"), r.getDouble("pearson"), r.getDouble("snr_db"), r.getDouble("null_spearman"),
                r.getDouble("null_pearson"), r.getDouble("null_snr_db"), r.getBoolean("accepted"));
    }
}
