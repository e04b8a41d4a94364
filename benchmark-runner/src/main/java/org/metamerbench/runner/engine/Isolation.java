package org.metamerbench.runner.engine;

import java.nio.file.Path;
import org.metamerbench.api.GraphModel;
import org.metamerbench.api.Model;
import org.metamerbench.api.ModelCard;
import org.metamerbench.api.ModelException;

/**
 * How a registry opens the models of the plugin folder when they are isolated ({@link ModelRegistry#isolatePlugins}):
 * given a model's card and the jar or package it comes from, a model whose work runs elsewhere (a forked JVM,
 * {@code IsolatedModel.in}).
 */
@FunctionalInterface
public interface Isolation {
    Model open(ModelCard card, Path source);

    /** The graph model of {@code card}, run elsewhere; refused by an isolation that serves no graph models. */
    default GraphModel openGraph(ModelCard card, Path source) {
        throw new ModelException(card.id() + " (" + source + ") is a graph model from the plugin folder, and this "
                + "isolation serves image and sound models only; a plugin never runs inside the runner's JVM");
    }
}
