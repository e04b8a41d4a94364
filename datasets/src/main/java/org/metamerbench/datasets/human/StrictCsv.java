package org.metamerbench.datasets.human;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a CSV file with an exact header and typed cells, collecting every problem with its
 * {@code file:line:column} instead of stopping at the first.
 */
final class StrictCsv {
    /** A row being read: typed getters record problems and return a placeholder. */
    final class Row {
        final long line;
        private final CSVRecord record;

        Row(long line, CSVRecord record) {
            this.line = line;
            this.record = record;
        }

        String text(String column) {
            String v = record.get(index(column));
            if (v.isBlank()) {
                StrictCsv.this.problem(line, column, "empty");
            }
            return v.strip();
        }

        String optional(String column) {
            return record.get(index(column)).strip();
        }

        int integer(String column, int min) {
            long x = longValue(column, min);
            if (x > Integer.MAX_VALUE) {
                StrictCsv.this.problem(line, column, "'" + x + "' is too large");
                return min;
            }
            return (int) x;
        }

        long longValue(String column, long min) {
            String v = record.get(index(column)).strip();
            try {
                long x = Long.parseLong(v);
                if (x < min) {
                    StrictCsv.this.problem(line, column, "'" + v + "' is below " + min);
                }
                return x;
            } catch (NumberFormatException e) {
                StrictCsv.this.problem(line, column, "'" + v + "' is not an integer");
                return min;
            }
        }

        double number(String column, double min, double max) {
            String v = record.get(index(column)).strip();
            try {
                double x = Double.parseDouble(v);
                if (!(x >= min && x <= max)) {
                    StrictCsv.this.problem(line, column, "'" + v + "' is outside [" + min + ", " + max + "]");
                }
                return x;
            } catch (NumberFormatException e) {
                StrictCsv.this.problem(line, column, "'" + v + "' is not a number");
                return Double.NaN;
            }
        }

        boolean bool(String column) {
            String v = record.get(index(column)).strip().toLowerCase(Locale.ROOT);
            if (!v.equals("true") && !v.equals("false")) {
                StrictCsv.this.problem(line, column, "'" + record.get(index(column)) + "' is not true or false");
            }
            return v.equals("true");
        }

        void problem(String column, String message) {
            StrictCsv.this.problem(line, column, message);
        }
    }

    final Path file;
    private final List<String> header;
    final List<Problem> problems = new ArrayList<>();

    StrictCsv(Path file, List<String> header) {
        this.file = file;
        this.header = header;
    }

    int index(String column) {
        int i = header.indexOf(column);
        if (i < 0) {
            throw new IllegalArgumentException("no column " + column);
        }
        return i;
    }

    void problem(long line, String column, String message) {
        problems.add(new Problem(file, line, column == null ? 0 : index(column) + 1,
                (column == null ? "" : column + ": ") + message));
    }

    /** Every data row, or none if the header is wrong (each wrong column is a problem). */
    List<Row> rows() throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new InvalidDataException(List.of(new Problem(file, 0, 0, "no such file")));
        }
        List<Row> out = new ArrayList<>();
        CSVFormat format = CSVFormat.DEFAULT.builder().get();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CSVParser parser = CSVParser.builder().setReader(r).setFormat(format).get()) {
            boolean first = true;
            for (CSVRecord rec : parser) {
                long line = parser.getCurrentLineNumber();
                if (first) {
                    first = false;
                    for (int i = 0; i < Math.max(rec.size(), header.size()); i++) {
                        String found = i < rec.size() ? rec.get(i).strip() : "(missing)";
                        String expected = i < header.size() ? header.get(i) : "(none)";
                        if (!found.equals(expected)) {
                            problems.add(new Problem(file, line, i + 1, "header: expected column '" + expected
                                    + "', found '" + found + "'"));
                        }
                    }
                    if (!problems.isEmpty()) {
                        return List.of();
                    }
                    continue;
                }
                if (rec.size() != header.size()) {
                    problems.add(new Problem(file, line, Math.min(rec.size(), header.size()) + 1, rec.size()
                            + " cells for " + header.size() + " columns"));
                    continue;
                }
                out.add(new Row(line, rec));
            }
            if (first) {
                problems.add(new Problem(file, 1, 0, "empty file: no header"));
            }
        } catch (java.io.UncheckedIOException | IllegalStateException e) {
            problems.add(new Problem(file, 0, 0, "not readable as CSV: " + e.getMessage()));
        }
        return out;
    }

    void throwIfProblems() throws InvalidDataException {
        if (!problems.isEmpty()) {
            throw new InvalidDataException(problems);
        }
    }
}
