package io.eraft.api.codec;

import io.eraft.api.EraftException;

/** Input that cannot be decoded: corrupt, truncated, of an unknown type or version. Nothing was half-decoded. */
public class CodecException extends EraftException {
    private static final long serialVersionUID = 1L;

    public CodecException(String message) {
        super(message);
    }

    public CodecException(String message, Throwable cause) {
        super(message, cause);
    }
}
