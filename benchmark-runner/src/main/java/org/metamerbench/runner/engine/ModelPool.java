package org.metamerbench.runner.engine;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.metamerbench.api.Model;

/**
 * The models a run has opened, each opened once, and why any could not be opened or failed later as
 * an observer. A model that fails fails its own part of the run, not the run.
 */
final class ModelPool implements AutoCloseable {
    private final ModelRegistry registry;
    private final Consumer<String> log;
    private final Map<String, Model> opened = new LinkedHashMap<>();
    private final Map<String, String> failures = new LinkedHashMap<>();

    ModelPool(ModelRegistry registry, Consumer<String> log) {
        this.registry = registry;
        this.log = log;
    }

    /** The model, opened on first use; null if it could not be opened (the reason is in {@link #failures}). */
    synchronized Model open(String id) {
        if (opened.containsKey(id)) {
            return opened.get(id);
        }
        if (failures.containsKey(id)) {
            return null;
        }
        try {
            Model m = registry.open(id);
            opened.put(id, m);
            return m;
        } catch (RuntimeException | LinkageError e) {
            failures.put(id, "open failed: " + e);
            log.accept("model " + id + " could not be opened: " + e);
            return null;
        }
    }

    /** Records that {@code id} failed (the latest reason is kept). */
    synchronized void failed(String id, String reason) {
        failures.put(id, reason);
    }

    synchronized String failure(String id) {
        return failures.get(id);
    }

    /** The failures, in the order they happened. */
    synchronized Map<String, String> failures() {
        return new LinkedHashMap<>(failures);
    }

    @Override
    public synchronized void close() {
        opened.values().forEach(Model::close);
        opened.clear();
    }
}
