package io.eraft.shardkv.admin;

import com.google.protobuf.InvalidProtocolBufferException;
import io.eraft.api.raft.Membership;
import io.eraft.api.raft.MembershipChange;
import io.eraft.api.raft.MembershipChangeException;
import io.eraft.api.raft.RaftNode;
import io.eraft.api.raft.RaftStatus;
import io.eraft.api.raft.Role;
import io.eraft.api.transport.Access;
import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.Transport;
import io.eraft.shardkv.proto.MemberChangeRequest;
import io.eraft.shardkv.proto.MemberConfiguration;
import io.eraft.shardkv.proto.MemberInfo;
import io.eraft.shardkv.proto.MemberRequest;
import io.eraft.shardkv.proto.MemberResponse;
import io.eraft.shardkv.proto.MemberStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Serves membership changes of one Raft group to operators on channel {@code "admin/members/<group>"}
 * ({@link Access#ADMIN}): list the configuration, add a learner (with the address it is reached at), promote a
 * learner, remove a member. Only the leader acts; another member answers NOT_LEADER with the leader it knows of. A
 * change names the configuration index it expects (compare-and-set) or takes the leader's current one, and is answered
 * once its entry is committed. KV groups, shard groups and the controller all serve it.
 */
public final class MemberService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MemberService.class);

    private final Transport transport;
    private final String channel;

    private MemberService(Transport transport, String channel) {
        this.transport = transport;
        this.channel = channel;
    }

    /** The channel the membership of group {@code group} is changed on. */
    public static String channel(String group) {
        return "admin/members/" + group;
    }

    /** Starts serving membership requests of group {@code group} for {@code raft} on {@code transport}. */
    public static MemberService start(String group, RaftNode raft, Transport transport) {
        String channel = channel(group);
        transport.register(channel, Access.ADMIN, (from, payload) -> handle(group, raft, transport, from, payload));
        return new MemberService(transport, channel);
    }

    private static CompletableFuture<byte[]> handle(String group, RaftNode raft, Transport transport, NodeId from,
                                                    byte[] payload) {
        MemberRequest request;
        try {
            request = MemberRequest.parseFrom(payload);
        } catch (InvalidProtocolBufferException e) {
            return reply(bad("malformed membership request: " + e.getMessage()));
        }
        if (!request.getGroup().equals(group)) {
            return reply(bad("this server is a member of group '" + group + "', not '" + request.getGroup() + "'"));
        }
        RaftStatus status = raft.status();
        if (status.role() != Role.LEADER) {
            return reply(notLeader(status, status.leader(), transport));
        }
        return switch (request.getBodyCase()) {
            case LIST -> reply(MemberResponse.newBuilder().setStatus(MemberStatus.MEMBER_STATUS_OK)
                    .setConfiguration(configuration(status.membership(), status)).build());
            case CHANGE -> change(raft, status, request.getChange(), from);
            default -> reply(bad("the membership request names no operation"));
        };
    }

    private static CompletableFuture<byte[]> change(RaftNode raft, RaftStatus status, MemberChangeRequest request,
                                                    NodeId from) {
        MembershipChange change;
        try {
            change = toChange(request);
        } catch (IllegalArgumentException e) {
            return reply(bad(e.getMessage()));
        }
        long expected = request.hasExpectedIndex() ? request.getExpectedIndex() : status.configurationIndex();
        LOG.info("{}: {} asks to {} (expecting configuration {})", status.self(), from, change, expected);
        return raft.changeMembership(change, expected).handle((m, error) -> {
            if (error == null) {
                LOG.info("{}: configuration {} committed", status.self(), m);
                return MemberResponse.newBuilder().setStatus(MemberStatus.MEMBER_STATUS_OK)
                        .setConfiguration(configuration(m, raft.status())).build().toByteArray();
            }
            Throwable cause = error instanceof CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            if (cause instanceof MembershipChangeException refused) {
                MemberResponse.Builder r = MemberResponse.newBuilder().setStatus(MemberStatus.MEMBER_STATUS_REFUSED)
                        .setRefusal(refused.reason().name()).setError(refused.getMessage());
                if (refused.current() != null) {
                    r.setConfiguration(configuration(refused.current(), raft.status()));
                }
                return r.build().toByteArray();
            }
            return MemberResponse.newBuilder().setStatus(MemberStatus.MEMBER_STATUS_UNAVAILABLE)
                    .setError("the change " + change + " did not finish on " + status.self() + " (" + cause
                            + "); it may still commit: list the members before retrying").build().toByteArray();
        });
    }

    /** The change {@code request} asks for; IllegalArgumentException naming what is wrong with it. */
    static MembershipChange toChange(MemberChangeRequest request) {
        if (request.getMember().isBlank()) {
            throw new IllegalArgumentException("the change names no member");
        }
        NodeId member = NodeId.of(request.getMember());
        String address = request.getAddress().isBlank() ? null : request.getAddress().strip();
        MembershipChange change = switch (request.getType()) {
            case MEMBER_CHANGE_TYPE_ADD -> new MembershipChange(MembershipChange.Type.ADD_LEARNER, member, false,
                    address);
            case MEMBER_CHANGE_TYPE_PROMOTE -> MembershipChange.promote(member);
            case MEMBER_CHANGE_TYPE_REMOVE -> MembershipChange.remove(member);
            default -> throw new IllegalArgumentException("unknown change type " + request.getType());
        };
        if (address != null && change.type() != MembershipChange.Type.ADD_LEARNER) {
            throw new IllegalArgumentException("only a member being added comes with an address");
        }
        return request.getCheckLiveQuorum() ? change.checkingLiveQuorum() : change;
    }

    /** {@code m} on the wire, with match indexes and the last index when {@code status} is the leader's. */
    static MemberConfiguration configuration(Membership m, RaftStatus status) {
        MemberConfiguration.Builder c = MemberConfiguration.newBuilder().setIndex(m.index());
        boolean leading = status.role() == Role.LEADER;
        Map<NodeId, Long> matches = status.matchIndexes();
        for (NodeId id : m.members()) {
            MemberInfo.Builder info = MemberInfo.newBuilder().setId(id.value()).setVoter(m.isVoter(id));
            String address = m.addressOf(id);
            if (address != null) {
                info.setAddress(address);
            }
            if (leading) {
                Long match = id.equals(status.self()) ? Long.valueOf(status.lastLogIndex()) : matches.get(id);
                if (match != null) {
                    info.setMatchIndex(match);
                }
            }
            c.addMembers(info);
        }
        if (leading) {
            c.setLeader(status.self().value()).setLeaderLastIndex(status.lastLogIndex());
        }
        return c.build();
    }

    private static MemberResponse notLeader(RaftStatus status, NodeId leader, Transport transport) {
        MemberResponse.Builder r = MemberResponse.newBuilder().setStatus(MemberStatus.MEMBER_STATUS_NOT_LEADER)
                .setError(status.self() + " does not lead the group" + (leader == null ? " and knows no leader"
                        : "; " + leader + " does"));
        if (leader != null && !leader.equals(status.self())) {
            r.setLeaderHint(leader.value());
            String address = status.membership() == null ? null : status.membership().addressOf(leader);
            if (address == null) {
                address = transport.addressOf(leader); // an initial member: where this server reaches it
            }
            if (address != null) {
                r.setLeaderAddress(address);
            }
        }
        return r.build();
    }

    private static MemberResponse bad(String error) {
        return MemberResponse.newBuilder().setStatus(MemberStatus.MEMBER_STATUS_BAD_REQUEST).setError(error).build();
    }

    private static CompletableFuture<byte[]> reply(MemberResponse response) {
        return CompletableFuture.completedFuture(response.toByteArray());
    }

    /** Stops serving; requests then fail at the sender with an unknown-channel error. */
    @Override
    public void close() {
        transport.unregister(channel);
    }
}
