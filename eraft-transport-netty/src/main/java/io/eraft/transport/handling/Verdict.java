package io.eraft.transport.handling;

import io.eraft.api.transport.Access;

/**
 * A {@link Gate}'s answer to a hello: admitted in a proven role, or refused with a reason.
 *
 * <p>Internal: shared by the netty and inprocess transports; io.eraft.transport does not export it.
 *
 * @param role    the role the other side has proven, or null if refused
 * @param refusal why the hello is refused, or null if admitted
 */
public record Verdict(Access role, String refusal) {

    static Verdict admitted(Access role) {
        return new Verdict(role, null);
    }

    static Verdict refused(String reason) {
        return new Verdict(null, reason);
    }

    public boolean isAdmitted() {
        return refusal == null;
    }
}
