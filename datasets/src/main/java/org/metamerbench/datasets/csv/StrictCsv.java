package org.metamerbench.datasets.csv;

import java.io.IOException;
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
 * {@code file:line:column} instead of stopping at the first. A person's file is read strictly: UTF-8
 * only (a byte-order mark or bytes of another encoding are named with their line), integers are ASCII
 * digits only (no {@code 1.7}, {@code 1e3}, fullwidth digits or overflow), numbers are plain decimals
 * (no hex floats, {@code NaN} or {@code Infinity}), and no message carries an exception's text.
 */
public final class StrictCsv {
    /** A row being read: typed getters record problems and return a placeholder. */
    public final class Row {
        public final long line;
        private final CSVRecord record;

        private int rowProblems;

        Row(long line, CSVRecord record) {
            this.line = line;
            this.record = record;
        }

        /**
         * Whether every cell read so far was well-formed: checks across cells and rows are made only then,
         * so that a placeholder for a bad cell never becomes a second, misleading problem.
         */
        public boolean wellFormed() {
            return rowProblems == 0;
        }

        public String text(String column) {
            String v = record.get(index(column));
            if (v.isBlank()) {
                problem(column, "empty");
            }
            return v.strip();
        }

        public String optional(String column) {
            return record.get(index(column)).strip();
        }

        public int integer(String column, int min) {
            long x = longValue(column, min);
            if (x > Integer.MAX_VALUE) {
                problem(column, "'" + x + "' is too large");
                return min;
            }
            return (int) x;
        }

        public long longValue(String column, long min) {
            String v = record.get(index(column)).strip();
            if (!INTEGER.matcher(v).matches()) {
                problem(column, "'" + v + "' is not an integer (digits 0-9 only)");
                return min;
            }
            try {
                long x = Long.parseLong(v);
                if (x < min) {
                    problem(column, "'" + v + "' is below " + min);
                }
                return x;
            } catch (NumberFormatException e) {
                problem(column, "'" + v + "' is too large");
                return min;
            }
        }

        public double number(String column, double min, double max) {
            String v = record.get(index(column)).strip();
            if (!DECIMAL.matcher(v).matches()) {
                problem(column, "'" + v + "' is not a decimal number");
                return Double.NaN;
            }
            double x = Double.parseDouble(v);
            if (!(x >= min && x <= max)) {
                problem(column, "'" + v + "' is outside [" + min + ", " + max + "]");
            }
            return x;
        }

        public boolean bool(String column) {
            String v = record.get(index(column)).strip().toLowerCase(Locale.ROOT);
            if (!v.equals("true") && !v.equals("false")) {
                problem(column, "'" + record.get(index(column)) + "' is not true or false");
            }
            return v.equals("true");
        }

        public void problem(String column, String message) {
            rowProblems++;
            StrictCsv.this.problem(line, column, message);
        }
    }

    /** An integer as a person writes it: optional minus, ASCII digits. */
    static final java.util.regex.Pattern INTEGER = java.util.regex.Pattern.compile("-?[0-9]+");
    /** A plain decimal: optional minus, ASCII digits with an optional point, optional exponent. */
    static final java.util.regex.Pattern DECIMAL = java.util.regex.Pattern.compile(
            "-?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]{1,3})?");
    /** Larger files are refused before they are read. */
    static final long MAX_BYTES = 256L << 20;

    public final Path file;
    private final List<String> header;
    public final List<Problem> problems = new ArrayList<>();

    public StrictCsv(Path file, List<String> header) {
        this.file = file;
        this.header = header;
    }

    public int index(String column) {
        int i = header.indexOf(column);
        if (i < 0) {
            throw new IllegalArgumentException("no column " + column);
        }
        return i;
    }

    public void problem(long line, String column, String message) {
        problems.add(new Problem(file, line, column == null ? 0 : index(column) + 1,
                (column == null ? "" : column + ": ") + message));
    }

    /** Every data row, or none if the file cannot be decoded or the header is wrong (each wrong column is a problem). */
    public List<Row> rows() throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new InvalidDataException(List.of(new Problem(file, 0, 0, "no such file")));
        }
        if (Files.size(file) > MAX_BYTES) {
            throw new InvalidDataException(List.of(new Problem(file, 0, 0, "larger than " + (MAX_BYTES >> 20)
                    + " MiB")));
        }
        return rows(Files.readAllBytes(file));
    }

    /** Every data row of {@code bytes}, the file's contents (read elsewhere: a resource), as {@link #rows()}. */
    public List<Row> rows(byte[] bytes) throws IOException {
        if (bytes.length > MAX_BYTES) {
            throw new InvalidDataException(List.of(new Problem(file, 0, 0, "larger than " + (MAX_BYTES >> 20)
                    + " MiB")));
        }
        String text = decode(bytes);
        if (text == null) {
            return List.of();
        }
        List<Row> out = new ArrayList<>();
        CSVFormat format = CSVFormat.DEFAULT.builder().get();
        CSVParser parser = CSVParser.builder().setReader(new java.io.StringReader(text)).setFormat(format).get();
        long lastLine = 0;
        try (parser) {
            boolean first = true;
            for (CSVRecord rec : parser) {
                long line = parser.getCurrentLineNumber();
                lastLine = line;
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
            problems.add(new Problem(file, lastLine + 1, 0, "not readable as CSV: a quoted "
                    + "cell is not closed, or text follows its closing quote"));
        }
        return out;
    }

    /**
     * The file's text, or null (with the problem recorded) if it starts with a byte-order mark or is not
     * UTF-8; the problem names the line and column of the first offending byte.
     */
    private String decode(byte[] bytes) {
        if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb && (bytes[2] & 0xff) == 0xbf) {
            problems.add(new Problem(file, 1, 1, "the file starts with a UTF-8 byte-order mark; save it as UTF-8 "
                    + "without one"));
            return null;
        }
        java.nio.charset.CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length);
        java.nio.charset.CoderResult r = d.decode(in, out, true);
        if (!r.isError()) {
            r = d.flush(out);
        }
        if (r.isError()) {
            int at = in.position();
            long line = 1;
            int lineStart = 0;
            for (int i = 0; i < at; i++) {
                if (bytes[i] == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            problems.add(new Problem(file, line, 0, String.format(Locale.ROOT, "not UTF-8: byte 0x%02X at byte %d "
                    + "of the line (a file saved as Latin-1 or Windows-1252?); save it as UTF-8", bytes[at] & 0xff,
                    at - lineStart + 1)));
            return null;
        }
        out.flip();
        return out.toString();
    }

    public void throwIfProblems() throws InvalidDataException {
        if (!problems.isEmpty()) {
            throw new InvalidDataException(problems);
        }
    }
}
