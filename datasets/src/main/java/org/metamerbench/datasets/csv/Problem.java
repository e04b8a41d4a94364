package org.metamerbench.datasets.csv;

import java.nio.file.Path;

/** One thing wrong with a data file (human judgments, a graph), at {@code file:line:column} (column from 1; 0 for a whole row). */
public record Problem(Path file, long line, int column, String message) {
    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + message;
    }
}
