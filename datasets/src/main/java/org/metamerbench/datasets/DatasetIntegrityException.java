package org.metamerbench.datasets;

import java.io.IOException;

/** A dataset's files do not match their manifest, or the manifest itself is unusable. */
public class DatasetIntegrityException extends IOException {
    private static final long serialVersionUID = 1L;

    public DatasetIntegrityException(String message) {
        super(message);
    }
}
