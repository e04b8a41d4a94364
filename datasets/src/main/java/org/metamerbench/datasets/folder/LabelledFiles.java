package org.metamerbench.datasets.folder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.metamerbench.datasets.DatasetIntegrityException;
import org.metamerbench.results.CsvTable;

/**
 * The labelled files of a folder a lab brings: either {@code labels.csv} (columns {@code file,label}, paths
 * relative to the folder; the classes in the order they first appear, so that a lab can match a model's
 * class order; an optional third column {@code role}, {@value #STIMULUS} or {@value #POOL}, says which files
 * may become stimuli and which may enter the null pool, e.g. speakers held out for the stimuli) or one
 * sub-folder per class, holding the files of that class (classes sorted by name).
 * Files are taken in path order. Only files with one of the accepted extensions are taken; a file outside the
 * folder, a symbolic link or an unreadable row is an error naming the file and line.
 */
public record LabelledFiles(String labelledBy, List<String> classes, List<Entry> entries) {
    public static final String SUBFOLDERS = "class sub-folders";
    public static final String LABELS_CSV = "labels.csv";
    public static final String STIMULUS = "stimulus";
    public static final String POOL = "pool";

    /** One file, its class (an index into {@code classes}) and its role ({@code null} where none is given). */
    public record Entry(Path file, String relative, int label, String role) {
        public Entry(Path file, String relative, int label) {
            this(file, relative, label, null);
        }

        /** Whether the file may go where {@code role} says ({@link #STIMULUS} or {@link #POOL}). */
        public boolean mayBe(String role) {
            return this.role == null || this.role.equals(role);
        }
    }

    /** Whether any file has a role. */
    public boolean hasRoles() {
        return entries.stream().anyMatch(e -> e.role() != null);
    }

    public static LabelledFiles scan(Path root, List<String> extensions) throws IOException {
        Path dir = root.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new DatasetIntegrityException(root + ": not a folder");
        }
        Path csv = dir.resolve(LABELS_CSV);
        LabelledFiles found = Files.isRegularFile(csv, LinkOption.NOFOLLOW_LINKS) ? fromCsv(dir, csv, extensions)
                : fromSubfolders(dir, extensions);
        if (found.classes().size() < 2) {
            throw new DatasetIntegrityException((found.labelledBy().equals(LABELS_CSV) ? csv : dir) + ": "
                    + found.classes().size() + " class " + found.classes() + "; a stimulus set needs at least 2 (its "
                    + "task is a choice between classes)");
        }
        return found;
    }

    private static boolean accepted(Path p, List<String> extensions) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return extensions.stream().anyMatch(e -> name.endsWith("." + e));
    }

    private static LabelledFiles fromCsv(Path dir, Path csv, List<String> extensions) throws IOException {
        String first;
        try (java.io.BufferedReader r = Files.newBufferedReader(csv, java.nio.charset.StandardCharsets.UTF_8)) {
            first = r.readLine();
        }
        boolean roles = first != null && first.strip().equals("file,label,role");
        List<CsvTable.Row> rows = CsvTable.read(csv, roles ? List.of("file", "label", "role") : List.of("file", "label"));
        java.util.LinkedHashSet<String> names = new java.util.LinkedHashSet<>();
        rows.forEach(r -> names.add(r.get("label")));
        List<String> classes = List.copyOf(names);
        List<Entry> entries = new ArrayList<>();
        java.util.Map<Path, CsvTable.Row> seen = new java.util.HashMap<>();
        for (CsvTable.Row r : rows) {
            String rel = r.get("file");
            Path f = dir.resolve(rel).normalize();
            CsvTable.Row before = seen.putIfAbsent(f, r);
            if (before != null) {
                throw new DatasetIntegrityException(r.where("file") + ": '" + rel + "' is listed again (first at "
                        + before.where("file") + (before.get("label").equals(r.get("label")) ? ")" : ", as '"
                        + before.get("label") + "', here as '" + r.get("label") + "')") + "; each file has one label");
            }
            try {
                f = org.metamerbench.results.AtomicFiles.inside(dir, f);
            } catch (IOException outside) {
                throw new DatasetIntegrityException(r.where("file") + ": '" + rel + "' lies outside " + dir
                        + " (or is reached through a symbolic link)");
            }
            if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                throw new DatasetIntegrityException(r.where("file") + ": no such file (or a link) " + f);
            }
            if (!accepted(f, extensions)) {
                throw new DatasetIntegrityException(r.where("file") + ": '" + rel + "' is not one of " + extensions);
            }
            if (r.get("label").isBlank()) {
                throw new DatasetIntegrityException(r.where("label") + ": empty label");
            }
            String role = null;
            if (roles) {
                role = r.get("role");
                if (!role.equals(STIMULUS) && !role.equals(POOL)) {
                    throw new DatasetIntegrityException(r.where("role") + ": '" + role + "' is neither '" + STIMULUS
                            + "' nor '" + POOL + "'");
                }
            }
            entries.add(new Entry(f, dir.relativize(f).toString(), classes.indexOf(r.get("label")), role));
        }
        entries.sort(java.util.Comparator.comparing(Entry::relative));
        return new LabelledFiles(LABELS_CSV, classes, List.copyOf(entries));
    }

    private static LabelledFiles fromSubfolders(Path dir, List<String> extensions) throws IOException {
        List<String> classes = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).map(p -> p.getFileName().toString())
                    .sorted().forEach(classes::add);
        }
        for (String hidden : classes.stream().filter(n -> n.startsWith(".")).toList()) {
            try (Stream<Path> s = Files.list(dir.resolve(hidden))) {
                long held = s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && accepted(p, extensions))
                        .count();
                if (held > 0) { // never dropped without a word: a hidden folder of pictures is a class or a mistake
                    throw new DatasetIntegrityException(dir.resolve(hidden) + ": a folder whose name starts with '.' "
                            + "holds " + held + " files of " + extensions + "; rename it to make it a class, or move "
                            + "them out");
                }
            }
        }
        classes.removeIf(n -> n.startsWith("."));
        if (classes.isEmpty()) {
            throw new DatasetIntegrityException(dir + ": neither " + LABELS_CSV + " nor class sub-folders");
        }
        List<Entry> entries = new ArrayList<>();
        for (int c = 0; c < classes.size(); c++) {
            Path sub = dir.resolve(classes.get(c));
            List<Path> files;
            try (Stream<Path> s = Files.list(sub)) {
                files = s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && accepted(p, extensions))
                        .sorted().toList();
            }
            for (Path f : files) {
                entries.add(new Entry(f, dir.relativize(f).toString(), c));
            }
        }
        return new LabelledFiles(SUBFOLDERS, List.copyOf(classes), List.copyOf(entries));
    }
}
