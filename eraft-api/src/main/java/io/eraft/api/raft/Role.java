package io.eraft.api.raft;

/** The roles of a Raft member. */
public enum Role { FOLLOWER, PRE_CANDIDATE, CANDIDATE, LEADER, STOPPED }
