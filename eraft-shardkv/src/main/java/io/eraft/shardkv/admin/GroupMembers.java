package io.eraft.shardkv.admin;

import io.eraft.shardkv.proto.MemberConfiguration;
import io.eraft.shardkv.proto.MemberInfo;

import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A group's configuration as its leader reported it to an operator.
 *
 * @param index         the log index of the configuration entry (0: the group's initial members)
 * @param members       voters and learners, sorted by id
 * @param leader        the leader that answered, or "" when the answer did not come from one
 * @param leaderLastIndex the leader's last log index, 0 when unknown
 */
public record GroupMembers(long index, List<Member> members, String leader, long leaderLastIndex) {

    /**
     * One member.
     *
     * @param id         its node id
     * @param voter      whether it votes (false: a learner)
     * @param address    where it is reached as its change named it, "" for an initial member
     * @param matchIndex how far its log matches the leader's, when the leader knows
     */
    public record Member(String id, boolean voter, String address, OptionalLong matchIndex) {
        public Member {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(matchIndex, "matchIndex");
        }

        /** "voter" or "learner". */
        public String role() {
            return voter ? "voter" : "learner";
        }
    }

    public GroupMembers {
        members = List.copyOf(members);
        Objects.requireNonNull(leader, "leader");
    }

    /** How many entries {@code m} is behind the leader's log, when known. */
    public OptionalLong lag(Member m) {
        if (m.matchIndex().isEmpty() || leader.isEmpty()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Math.max(0, leaderLastIndex - m.matchIndex().getAsLong()));
    }

    /** The member named {@code id}, or null. */
    public Member member(String id) {
        return members.stream().filter(m -> m.id().equals(id)).findFirst().orElse(null);
    }

    static GroupMembers of(MemberConfiguration c) {
        return new GroupMembers(c.getIndex(), c.getMembersList().stream().map(GroupMembers::member).toList(),
                c.getLeader(), c.getLeaderLastIndex());
    }

    private static Member member(MemberInfo m) {
        return new Member(m.getId(), m.getVoter(), m.getAddress(),
                m.hasMatchIndex() ? OptionalLong.of(m.getMatchIndex()) : OptionalLong.empty());
    }
}
