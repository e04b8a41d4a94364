package org.metamerbench.results;

import java.io.IOException;
import java.util.List;

/** One row of {@code recognition.csv}: how {@code observer} classified one metamer. */
public record RecognitionRow(String generator, String stage, String stimulusId, int label, String observer,
        int predicted, boolean accepted) {

    public static final List<String> HEADER = List.of(
            "generator", "stage", "stimulus", "label", "observer", "predicted", "correct", "accepted");

    public boolean correct() {
        return predicted == label;
    }

    public List<Object> toRow() {
        return List.of(generator, stage, stimulusId, label, observer, predicted, correct(), accepted);
    }

    public static RecognitionRow from(CsvTable.Row r) throws IOException {
        return new RecognitionRow(r.get("generator"), r.get("stage"), r.get("stimulus"), (int) r.getLong("label"),
                r.get("observer"), (int) r.getLong("predicted"), r.getBoolean("accepted"));
    }
}
