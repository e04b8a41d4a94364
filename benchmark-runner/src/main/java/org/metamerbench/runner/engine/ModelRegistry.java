package org.metamerbench.runner.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.metamerbench.api.Model;
import org.metamerbench.api.ModelCard;
import org.metamerbench.api.ModelProvider;
import org.metamerbench.results.Hashing;
import org.metamerbench.packages.ModelPackage;
import org.metamerbench.packages.PackageProvider;

/**
 * The models available to a run, found through {@link ServiceLoader}: the built-in ones on the
 * runner's class path, and those of every plugin jar in a plugin folder, each jar in its own
 * {@link PluginClassLoader}; a zip or jar holding a {@code metamer-model.json} is a no-code model
 * package (TorchScript or ONNX), served by a {@link PackageProvider}. A jar that cannot be read, a provider that names a missing class, cannot
 * be instantiated or whose {@code models()} throws is reported (jar, class, cause) and skipped. Two
 * models with one id are refused, naming both sources (a plugin's model that reuses a built-in id is
 * refused; the built-in one stays).
 */
public final class ModelRegistry {
    /**
     * A model card, the provider that offers it, where the provider came from, and the content hash the
     * harness computed for it: for a plugin jar or model package, the SHA-256 of the file's bytes (with
     * the model id), so that changed weights never share a cache entry even if the card's version
     * string stays the same; for a built-in model, the card's version, the weights hash that the
     * built-in provider checks against the bytes it loads.
     */
    public record Entry(ModelCard card, ModelProvider provider, String source, String contentHash) {
        /**
         * The lineage that may leave observers out of a score: a built-in model's, which the harness trained and
         * records itself; never a submission's. A submission that declares nothing is judged by its answers; one
         * that declared kinship with a panel model it does not share weights with could otherwise drop, at will, the
         * observer that recognises its metamers least. A declaration can thus only be shown (run.json, the card),
         * and kinship with a submission is found by its answers alone (and a found copy inherits its original's
         * family).
         */
        public org.metamerbench.api.Lineage vouchedLineage() {
            return source.equals(BUILT_IN) ? card.lineage() : org.metamerbench.api.Lineage.UNDECLARED;
        }
    }

    public static final String BUILT_IN = "built-in";
    /** The source of models handed to {@link #of(List, List)} as submissions (in-process, not from a file). */
    public static final String SUBMITTED = "submitted in-process";

    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private Isolation isolation;
    private final List<String> problems = new ArrayList<>();

    /** Providers on the class path of {@code loader}. */
    public static ModelRegistry discover(ClassLoader loader) {
        return discover(loader, null);
    }

    /** Providers on the class path of {@code loader}, then those of every {@code *.jar} in {@code plugins}. */
    public static ModelRegistry discover(ClassLoader loader, Path plugins) {
        ModelRegistry r = new ModelRegistry();
        r.load(loader, BUILT_IN);
        if (plugins != null) {
            List<Path> jars;
            try (Stream<Path> s = Files.list(plugins)) {
                jars = s.filter(f -> f.getFileName().toString().endsWith(".jar")
                        || f.getFileName().toString().endsWith(".zip")).sorted().toList();
            } catch (IOException e) {
                r.problems.add("plugin folder " + plugins + " cannot be read: " + e);
                jars = List.of();
            }
            for (Path jar : jars) {
                if (ModelPackage.isPackage(jar)) {
                    try {
                        r.add(new PackageProvider(jar), jar.toString());
                    } catch (IOException | RuntimeException e) {
                        r.problems.add(jar + ": skipped: " + e.getMessage());
                    }
                    continue;
                }
                try {
                    r.load(new PluginClassLoader(jar, ModelRegistry.class.getClassLoader()), jar.toString());
                } catch (IOException | RuntimeException e) {
                    r.problems.add(jar + ": skipped: " + e);
                }
            }
        }
        r.refuseDuplicates();
        return r;
    }

    private void load(ClassLoader loader, String source) {
        if (!source.equals(BUILT_IN)) {
            try (JarFile jar = new JarFile(source)) {
                if (jar.getEntry("META-INF/services/" + ModelProvider.class.getName()) == null) {
                    problems.add(source + ": skipped: no META-INF/services/" + ModelProvider.class.getName());
                    return;
                }
            } catch (IOException e) {
                problems.add(source + ": skipped: not a readable jar (" + e.getMessage() + ")");
                return;
            }
        }
        Iterator<ModelProvider> it = ServiceLoader.load(ModelProvider.class, loader).iterator();
        while (true) {
            ModelProvider p;
            try {
                if (!it.hasNext()) {
                    break;
                }
                p = it.next();
            } catch (ServiceConfigurationError e) {
                Throwable cause = e.getCause();
                problems.add((source.equals(BUILT_IN) ? "" : source + ": ") + "provider skipped: " + e.getMessage()
                        + (cause == null || e.getMessage().contains(cause.toString()) ? "" : " (cause: " + cause + ")"));
                continue;
            } catch (LinkageError e) {
                problems.add(source + ": provider skipped: " + e);
                continue;
            }
            add(p, source);
        }
    }

    /** The models of one plugin jar or model package only (what a forked job opens). */
    public static ModelRegistry single(Path source) {
        ModelRegistry r = new ModelRegistry();
        if (ModelPackage.isPackage(source)) {
            try {
                r.add(new PackageProvider(source), source.toString());
            } catch (IOException e) {
                r.problems.add(source + ": skipped: " + e.getMessage());
            }
        } else {
            try {
                r.load(new PluginClassLoader(source, ModelRegistry.class.getClassLoader()), source.toString());
            } catch (IOException e) {
                r.problems.add(source + ": skipped: " + e);
            }
        }
        r.refuseDuplicates();
        return r;
    }

    /**
     * From now on, models from the plugin folder are opened through {@code isolation} (in a forked JVM each:
     * {@code IsolatedModel.in(limits)}). Built-in models stay in this JVM.
     */
    public ModelRegistry isolatePlugins(Isolation isolation) {
        this.isolation = isolation;
        return this;
    }

    /** A registry of the given providers only (tests, embedding). */
    public static ModelRegistry of(ModelProvider... providers) {
        ModelRegistry r = new ModelRegistry();
        for (ModelProvider p : providers) {
            r.add(p, BUILT_IN);
        }
        r.refuseDuplicates();
        return r;
    }

    /**
     * A registry of built-in providers and of submissions handed over in-process (embedding, tests):
     * submissions are scored like plugins, outside the reference panel; their content hash is their
     * card's version, so such a provider must derive it from the bytes it loads.
     */
    public static ModelRegistry of(List<ModelProvider> builtIn, List<ModelProvider> submitted) {
        ModelRegistry r = new ModelRegistry();
        builtIn.forEach(p -> r.add(p, BUILT_IN));
        submitted.forEach(p -> r.add(p, SUBMITTED));
        r.refuseDuplicates();
        return r;
    }

    private final Map<String, List<Entry>> offers = new LinkedHashMap<>();
    private final Map<String, String> fileHashes = new LinkedHashMap<>();

    private void add(ModelProvider p, String source) {
        String fileHash = null;
        if (!source.equals(BUILT_IN) && !source.equals(SUBMITTED)) {
            try {
                fileHash = fileHashes.containsKey(source) ? fileHashes.get(source) : Hashing.sha256(Path.of(source));
                fileHashes.put(source, fileHash);
            } catch (IOException e) {
                problems.add(source + ": skipped: cannot be read to hash it (" + e.getMessage() + ")");
                return;
            }
        }
        List<ModelCard> cards;
        try {
            cards = p.models();
        } catch (RuntimeException | LinkageError e) {
            problems.add((source.equals(BUILT_IN) ? "" : source + ": ") + "provider " + p.getClass().getName()
                    + " skipped: models() threw " + e);
            return;
        }
        for (ModelCard c : cards) {
            String hash = fileHash == null ? c.version() : Hashing.sha256(fileHash + "|" + c.id());
            offers.computeIfAbsent(c.id(), k -> new ArrayList<>()).add(new Entry(c, p, source, hash));
        }
    }

    /** Keeps each id offered once; of an id offered twice, keeps only a built-in offer, and says so. */
    private void refuseDuplicates() {
        for (Map.Entry<String, List<Entry>> e : offers.entrySet()) {
            List<Entry> list = e.getValue();
            if (list.size() == 1) {
                entries.put(e.getKey(), list.get(0));
                continue;
            }
            List<String> where = list.stream().map(x -> x.source() + " (provider " + x.provider().name() + ")")
                    .toList();
            Entry builtIn = list.stream().filter(x -> x.source().equals(BUILT_IN)).findFirst().orElse(null);
            if (builtIn != null && list.stream().filter(x -> x.source().equals(BUILT_IN)).count() == 1) {
                entries.put(e.getKey(), builtIn);
                problems.add("model id '" + e.getKey() + "' is offered by " + String.join(" and by ", where)
                        + "; the plugins' models with this id are refused, the built-in one is kept");
            } else {
                problems.add("model id '" + e.getKey() + "' is offered by " + String.join(" and by ", where)
                        + "; all of them are refused: give each model a unique id");
            }
        }
        offers.clear();
    }

    public List<ModelCard> cards() {
        return entries.values().stream().map(Entry::card).toList();
    }

    public Entry get(String id) {
        Entry e = entries.get(id);
        if (e == null) {
            throw new IllegalArgumentException("no model '" + id + "'; available: " + entries.keySet());
        }
        return e;
    }

    public boolean contains(String id) {
        return entries.containsKey(id);
    }

    public Model open(String id) {
        Entry e = get(id);
        if (isolation != null && !e.source().equals(BUILT_IN) && !e.source().equals(SUBMITTED)) {
            return isolation.open(e.card(), Path.of(e.source()));
        }
        return e.provider().open(id);
    }

    /**
     * The graph model {@code id}. A graph model from the plugin folder runs where the isolation puts it (a forked JVM
     * of its own), never inside the runner's JVM while plugins are isolated.
     */
    public org.metamerbench.api.GraphModel openGraph(String id) {
        Entry e = get(id);
        if (isolation != null && !e.source().equals(BUILT_IN) && !e.source().equals(SUBMITTED)) {
            return isolation.openGraph(e.card(), Path.of(e.source()));
        }
        return e.provider().openGraph(id);
    }

    /** Providers that were skipped, and why. */
    public List<String> problems() {
        return List.copyOf(problems);
    }
}
