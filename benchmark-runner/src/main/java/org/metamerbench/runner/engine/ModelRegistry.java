package org.metamerbench.runner.engine;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.metamerbench.api.Model;
import org.metamerbench.api.ModelCard;
import org.metamerbench.api.ModelProvider;

/**
 * The models available to a run, found through {@link ServiceLoader}. A provider that cannot be
 * instantiated or whose {@code models()} throws is reported and skipped; two models with one id
 * are refused, naming both providers.
 */
public final class ModelRegistry {
    /** A model card and the provider that offers it. */
    public record Entry(ModelCard card, ModelProvider provider) {
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();

    /** Providers on the class path of {@code loader}. */
    public static ModelRegistry discover(ClassLoader loader) {
        ModelRegistry r = new ModelRegistry();
        Iterator<ModelProvider> it = ServiceLoader.load(ModelProvider.class, loader).iterator();
        while (true) {
            ModelProvider p;
            try {
                if (!it.hasNext()) {
                    break;
                }
                p = it.next();
            } catch (ServiceConfigurationError e) {
                r.problems.add("provider skipped: " + e.getMessage());
                continue;
            }
            r.add(p);
        }
        return r;
    }

    /** A registry of the given providers only (tests, embedding). */
    public static ModelRegistry of(ModelProvider... providers) {
        ModelRegistry r = new ModelRegistry();
        for (ModelProvider p : providers) {
            r.add(p);
        }
        return r;
    }

    private void add(ModelProvider p) {
        List<ModelCard> cards;
        try {
            cards = p.models();
        } catch (RuntimeException | LinkageError e) {
            problems.add("provider " + p.getClass().getName() + " skipped: models() threw " + e);
            return;
        }
        for (ModelCard c : cards) {
            Entry existing = entries.get(c.id());
            if (existing != null) {
                throw new IllegalStateException("model id '" + c.id() + "' is offered twice: by provider "
                        + existing.provider().name() + " (" + existing.provider().getClass().getName()
                        + ") and by provider " + p.name() + " (" + p.getClass().getName() + ")");
            }
            entries.put(c.id(), new Entry(c, p));
        }
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
        return get(id).provider().open(id);
    }

    /** Providers that were skipped, and why. */
    public List<String> problems() {
        return List.copyOf(problems);
    }
}
