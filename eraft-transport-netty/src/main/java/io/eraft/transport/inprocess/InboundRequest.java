package io.eraft.transport.inprocess;

/**
 * A request on its way to its target.
 *
 * @param pending the sender's record of it, which its reply completes
 * @param channel the target's channel
 * @param payload the request bytes, passed by reference (the sender gave up ownership)
 */
record InboundRequest(PendingRequest pending, String channel, byte[] payload) {
}
