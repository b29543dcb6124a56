package io.eraft.shardkv.client;

import io.eraft.api.EraftException;

/** A client's TLS files are incomplete or cannot be read; the message names the file. Nothing was connected. */
public final class TlsFilesException extends EraftException {
    private static final long serialVersionUID = 1L;

    public TlsFilesException(String message) {
        super(message);
    }

    public TlsFilesException(String message, Throwable cause) {
        super(message, cause);
    }
}
