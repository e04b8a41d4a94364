package org.metamerbench.results;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * A CSV table of the result store: a fixed header, written atomically; read back with checks that
 * name the file, line and column of any problem.
 */
public final class CsvTable {
    private CsvTable() {
    }

    /**
     * Writes {@code rows} under {@code header} to {@code file} inside {@code root}, atomically (temporary
     * file, then rename).
     */
    public static void write(Path root, Path file, List<String> header, Iterable<? extends List<?>> rows) throws IOException {
        CSVFormat format = CSVFormat.DEFAULT.builder()
                .setHeader(header.toArray(String[]::new))
                .setRecordSeparator("\n")
                .get();
        AtomicFiles.write(root, file, out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            try (CSVPrinter printer = new CSVPrinter(w, format)) {
                for (List<?> row : rows) {
                    printer.printRecord(cells(file, header, row));
                }
            }
        });
    }

    /**
     * Appends {@code rows} to {@code file} inside {@code root} (the header first when the file is new or empty) and
     * forces them to disk before returning: what a collector acknowledges is stored. Callers serialise appends to
     * one file.
     */
    public static void append(Path root, Path file, List<String> header, List<? extends List<?>> rows)
            throws IOException {
        Files.createDirectories(AtomicFiles.inside(root, file).getParent());
        boolean fresh = !Files.exists(file) || Files.size(file) == 0;
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE,
                java.nio.file.StandardOpenOption.APPEND);
                Writer w = new OutputStreamWriter(java.nio.channels.Channels.newOutputStream(ch),
                        StandardCharsets.UTF_8);
                CSVPrinter p = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get())) {
            if (fresh) {
                p.printRecord(header);
            }
            for (List<?> row : rows) {
                p.printRecord(cells(file, header, row));
            }
            p.flush();
            ch.force(true);
        }
    }

    private static List<String> cells(Path file, List<String> header, List<?> row) {
        if (row.size() != header.size()) {
            throw new IllegalArgumentException(file + ": row of " + row.size() + " values for " + header.size()
                    + " columns");
        }
        List<String> cells = new ArrayList<>(row.size());
        for (Object v : row) {
            cells.add(format(v));
        }
        return cells;
    }

    /** A cell as text: doubles in full precision with a dot, booleans as true/false. */
    public static String format(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Double d) {
            return Double.isNaN(d) ? "" : Double.toString(d);
        }
        if (v instanceof Float f) {
            return Float.isNaN(f) ? "" : Float.toString(f);
        }
        return v.toString();
    }

    /** One parsed row, with its position for error messages. */
    public record Row(Path file, long line, List<String> header, CSVRecord record) {
        public String get(String column) {
            int idx = header.indexOf(column);
            if (idx < 0) {
                throw new IllegalArgumentException(file + ": no column '" + column + "'");
            }
            return record.get(idx);
        }

        public double getDouble(String column) throws IOException {
            String v = get(column);
            if (v.isEmpty()) {
                return Double.NaN;
            }
            try {
                return Double.parseDouble(v);
            } catch (NumberFormatException e) {
                throw new IOException(where(column) + ": '" + v + "' is not a number");
            }
        }

        public long getLong(String column) throws IOException {
            String v = get(column);
            try {
                return Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw new IOException(where(column) + ": '" + v + "' is not an integer");
            }
        }

        public boolean getBoolean(String column) throws IOException {
            String v = get(column).toLowerCase(Locale.ROOT);
            if (!v.equals("true") && !v.equals("false")) {
                throw new IOException(where(column) + ": '" + get(column) + "' is not true or false");
            }
            return v.equals("true");
        }

        /** {@code file:line:column} of a cell (column numbered from 1). */
        public String where(String column) {
            return file + ":" + line + ":" + (header.indexOf(column) + 1) + " (" + column + ")";
        }
    }

    /**
     * Writes the rows of {@code parts} (tables under the same {@code header}), in order, as one table:
     * each cell exactly as its part holds it. Returns the rows, each naming the part and line it came from.
     */
    public static List<Row> concat(Path root, Path file, List<String> header, List<Path> parts) throws IOException {
        List<Row> read = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        for (Path part : parts) {
            for (Row r : read(part, header)) {
                read.add(r);
                rows.add(r.record().toList());
            }
        }
        write(root, file, header, rows);
        return read;
    }

    /** Reads a table and checks that it has exactly the expected header. */
    public static List<Row> read(Path file, List<String> expectedHeader) throws IOException {
        return read(file, expectedHeader, expectedHeader);
    }

    /** Reads a table whose header is exactly {@code expectedHeader} or the older {@code olderHeader}. */
    public static List<Row> read(Path file, List<String> expectedHeader, List<String> olderHeader) throws IOException {
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CSVParser parser = CSVParser.builder().setReader(r).setFormat(format).get()) {
            List<String> header = parser.getHeaderNames();
            if (!header.isEmpty() && header.get(0).startsWith("\uFEFF")) {
                throw new IOException(file + ":1: the file starts with a byte-order mark (U+FEFF, as some spreadsheet "
                        + "programs write); save it as UTF-8 without one");
            }
            if (!header.equals(expectedHeader) && !header.equals(olderHeader)) {
                throw new IOException(file + ":1: header " + header + " differs from the expected " + expectedHeader);
            }
            List<Row> rows = new ArrayList<>();
            for (CSVRecord rec : parser) {
                long line = parser.getCurrentLineNumber();
                if (rec.size() != header.size()) {
                    throw new IOException(file + ":" + line + ": " + rec.size() + " cells for " + header.size() + " columns");
                }
                rows.add(new Row(file, line, header, rec));
            }
            return rows;
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IOException(file + ": not UTF-8 text");
        } catch (java.io.UncheckedIOException | IllegalStateException | IllegalArgumentException e) {
            throw new IOException(file + ": not a readable CSV table (" + (e.getCause() instanceof IOException io
                    ? io.getMessage() : e.getMessage()) + ")");
        }
    }
}
