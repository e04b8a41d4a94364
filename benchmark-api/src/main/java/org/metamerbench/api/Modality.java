package org.metamerbench.api;

/** The kind of stimulus a model takes. */
public enum Modality {
    IMAGE,
    AUDIO
}
