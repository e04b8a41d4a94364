package org.metamerbench.runner.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.metamerbench.results.Hashing;
import org.metamerbench.runner.HarnessInfo;

/**
 * What a cached result depends on, field by field: the entry's folder is named by the hash of the fields, and the
 * fields are stored in the entry ({@value #FILE}, sealed with its other files), so that a miss can name the field
 * that changed. Every key holds the harness version and the engine that computes the bits (DJL, the engine's name,
 * version and device, its thread count): the engine is the runner's, which plugins get as well (the BOM gives it to
 * them as provided), and a result computed on another engine, device or thread count differs in its last bits.
 *
 * @param kind   what is cached ("synthesis", "null")
 * @param job    whose result it is ("cnn-s1 x conv1_relu"): a miss looks among this job's entries for the nearest
 * @param fields the fields the result depends on, in order
 */
record CacheKey(String kind, String job, Map<String, String> fields) {
    static final String FILE = "key.txt";

    CacheKey {
        fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** A key of {@code kind} for {@code job}: the harness version and the engine's fields, then {@code fields}. */
    static CacheKey of(String kind, String job, Map<String, String> fields) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("harness_version", HarnessInfo.version());
        all.putAll(engine());
        all.putAll(fields);
        return new CacheKey(kind, job, all);
    }

    /** The engine every cached bit comes from. */
    static Map<String, String> engine() {
        ai.djl.engine.Engine e = ai.djl.engine.Engine.getEngine("PyTorch");
        Map<String, String> m = new LinkedHashMap<>();
        m.put("djl_version", ai.djl.engine.Engine.getDjlVersion());
        m.put("engine", e.getEngineName());
        m.put("engine_version", e.getVersion());
        m.put("device", e.defaultDevice().toString());
        m.put("engine_threads", Integer.toString(Machine.engineThreads()));
        return m;
    }

    /** The entry's folder name. */
    String hash() {
        return Hashing.sha256(text());
    }

    /** The fields as stored: {@code kind}, {@code job}, then one {@code name=value} line per field. */
    String text() {
        StringBuilder sb = new StringBuilder("kind=").append(kind).append('\n').append("job=").append(job).append('\n');
        fields.forEach((k, v) -> sb.append(k).append('=').append(v.replace("\n", "\\n")).append('\n'));
        return sb.toString();
    }

    static CacheKey parse(String text) {
        String kind = null;
        String job = null;
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String k = line.substring(0, eq);
            String v = line.substring(eq + 1);
            if (k.equals("kind") && kind == null) {
                kind = v;
            } else if (k.equals("job") && job == null) {
                job = v;
            } else {
                fields.put(k, v);
            }
        }
        return new CacheKey(kind == null ? "" : kind, job == null ? "" : job, fields);
    }

    void write(Path entry) throws IOException {
        org.metamerbench.results.AtomicFiles.write(entry, entry.resolve(FILE), text().getBytes(StandardCharsets.UTF_8));
    }

    /** The fields in which {@code cached} differs from this key, as "name (cached A, now B)". */
    List<String> differences(CacheKey cached) {
        List<String> out = new ArrayList<>();
        java.util.Set<String> names = new java.util.LinkedHashSet<>(fields.keySet());
        names.addAll(cached.fields().keySet());
        for (String n : names) {
            String now = fields.get(n);
            String then = cached.fields().get(n);
            if (!java.util.Objects.equals(now, then)) {
                out.add(n + " (cached " + shorten(then) + ", now " + shorten(now) + ")");
            }
        }
        return out;
    }

    private static String shorten(String v) {
        return v == null ? "absent" : v.length() <= 60 ? v : v.substring(0, 57) + "...";
    }

    /**
     * Why {@code dir} holds no entry for this key: the fields in which the nearest entry of the same job differs, or
     * null when the cache holds nothing for this job.
     */
    String explainMiss(Path dir) {
        if (dir == null || !Files.isDirectory(dir)) {
            return null;
        }
        List<String> best = null;
        int entries = 0;
        try (Stream<Path> all = Files.list(dir)) {
            for (Path e : all.toList()) {
                Path f = e.resolve(FILE);
                if (!Files.isRegularFile(f) || e.getFileName().toString().equals(hash())) {
                    continue;
                }
                CacheKey other;
                try {
                    other = parse(Files.readString(f, StandardCharsets.UTF_8));
                } catch (IOException | RuntimeException unreadable) {
                    continue;
                }
                if (!other.kind().equals(kind) || !other.job().equals(job)) {
                    continue;
                }
                entries++;
                List<String> d = differences(other);
                if (best == null || d.size() < best.size()) {
                    best = d;
                }
            }
        } catch (IOException e) {
            return null;
        }
        if (best == null) {
            return null;
        }
        return "the cache holds " + entries + " other " + kind + " entr" + (entries == 1 ? "y" : "ies") + " for " + job
                + "; the nearest differs in " + String.join(", ", best);
    }
}
