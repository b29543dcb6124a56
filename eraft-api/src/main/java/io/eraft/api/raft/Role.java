package io.eraft.api.raft;

/**
 * The roles of a Raft member. {@link #STOPPED}: closed on purpose. {@link #FAILED}: stopped itself after an error it
 * cannot safely continue from (fail-stop; {@link RaftStatus#failure()} says why).
 */
public enum Role { FOLLOWER, PRE_CANDIDATE, CANDIDATE, LEADER, STOPPED, FAILED }
