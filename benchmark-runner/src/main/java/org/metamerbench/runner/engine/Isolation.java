package org.metamerbench.runner.engine;

import java.nio.file.Path;
import org.metamerbench.api.Model;
import org.metamerbench.api.ModelCard;

/**
 * How a registry opens the models of the plugin folder when they are isolated ({@link ModelRegistry#isolatePlugins}):
 * given a model's card and the jar or package it comes from, a model whose work runs elsewhere (a forked JVM,
 * {@code IsolatedModel.in}).
 */
@FunctionalInterface
public interface Isolation {
    Model open(ModelCard card, Path source);
}
