/**
 * What both transport providers share, kept inside the module (not exported): who may speak to a node and in what
 * role ({@link io.eraft.transport.handling.Gate}, from a hello's {@link io.eraft.transport.handling.Claim} and the
 * {@link io.eraft.transport.handling.Evidence} its connection offers), running an arriving request on its channel's
 * handler if the channel's access admits the sender, the rate-limited log of refusals
 * ({@link io.eraft.transport.handling.Refusals}), the checks and failures of a new request, and the per-peer metric
 * instruments ({@link io.eraft.transport.handling.TrafficMetrics}).
 */
package io.eraft.transport.handling;
