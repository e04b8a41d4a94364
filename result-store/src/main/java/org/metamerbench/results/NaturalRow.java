package org.metamerbench.results;

import java.io.IOException;
import java.util.List;

/** One row of {@code natural.csv}: how {@code observer} classified a natural stimulus. */
public record NaturalRow(String observer, String stimulusId, int label, int predicted) {

    public static final List<String> HEADER = List.of("observer", "stimulus", "label", "predicted", "correct");

    public boolean correct() {
        return predicted == label;
    }

    public List<Object> toRow() {
        return List.of(observer, stimulusId, label, predicted, correct());
    }

    public static NaturalRow from(CsvTable.Row r) throws IOException {
        return new NaturalRow(r.get("observer"), r.get("stimulus"), (int) r.getLong("label"),
                (int) r.getLong("predicted"));
    }
}
