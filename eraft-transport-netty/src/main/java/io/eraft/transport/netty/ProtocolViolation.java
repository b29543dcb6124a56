package io.eraft.transport.netty;

/** A peer broke the wire protocol; the connection it came on is closed with this message as the logged reason. */
final class ProtocolViolation extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ProtocolViolation(String message) {
        super(message);
    }

    ProtocolViolation(String message, Throwable cause) {
        super(message, cause);
    }
}
