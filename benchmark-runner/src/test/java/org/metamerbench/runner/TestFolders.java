package org.metamerbench.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** Copies of folders for tests: a result folder to tamper with, a project to build somewhere else. */
public final class TestFolders {
    private TestFolders() {}

    /** Copies every regular file under {@code from} to the same relative path under {@code to}. */
    public static Path copy(Path from, Path to) throws IOException {
        return copy(from, to, rel -> true);
    }

    /** Copies the regular files under {@code from} whose path relative to it {@code keep} accepts. */
    public static Path copy(Path from, Path to, Predicate<Path> keep) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Path rel = from.relativize(f);
                if (keep.test(rel)) {
                    Path target = to.resolve(rel.toString());
                    Files.createDirectories(target.getParent());
                    Files.copy(f, target);
                }
            }
        }
        Files.createDirectories(to);
        return to;
    }

    /** Whether a relative path lies in a Maven build folder ({@code target}) or in git's own folder. */
    public static boolean built(Path rel) {
        return rel.startsWith(".git") || StreamSupport.stream(rel.spliterator(), false)
                .anyMatch(part -> part.toString().equals("target"));
    }
}
