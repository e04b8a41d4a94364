package org.metamerbench.datasets.csv;

import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;

/** A data file was refused; every problem names file, line and column. */
public final class InvalidDataException extends IOException {
    private static final int SHOWN = 10;
    private final transient List<Problem> problems;

    public InvalidDataException(List<Problem> problems) {
        super(describe(problems));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }

    private static String describe(List<Problem> problems) {
        String head = problems.stream().limit(SHOWN).map(Problem::toString).collect(Collectors.joining("\n  "));
        int more = problems.size() - SHOWN;
        return (problems.size() == 1 ? "" : problems.size() + " problems:\n  ") + head
                + (more > 0 ? "\n  (+" + more + " more)" : "");
    }
}
