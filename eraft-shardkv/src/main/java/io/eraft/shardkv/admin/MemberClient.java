package io.eraft.shardkv.admin;

import com.google.protobuf.InvalidProtocolBufferException;
import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.Transport;
import io.eraft.shardkv.kv.KvException;
import io.eraft.shardkv.kv.KvRequestRejectedException;
import io.eraft.shardkv.kv.KvTimeoutException;
import io.eraft.shardkv.proto.MemberChangeRequest;
import io.eraft.shardkv.proto.MemberChangeType;
import io.eraft.shardkv.proto.MemberListRequest;
import io.eraft.shardkv.proto.MemberRequest;
import io.eraft.shardkv.proto.MemberResponse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An operator's client of one group's {@link MemberService}: finds the leader among the servers it was given (following
 * NOT_LEADER hints, and learning a leader's address when the configuration names it) and asks it to list or change
 * the group's members. Blocking; one call at a time per client is enough for a command-line tool.
 *
 * <p>Changes are answered for sure: when leadership changes under one ({@link MemberChangeUncertainException}), the
 * client asks the new leader whether it took effect, and (unless it named an expected configuration) asks again if it
 * did not; with an expected configuration it throws, and the operator lists the members.
 */
public final class MemberClient {
    private final Transport transport;
    private final String group;
    private final List<NodeId> servers;
    private final Map<NodeId, String> learned = new HashMap<>();
    private final Duration requestTimeout;
    private final Duration operationTimeout;
    private NodeId leader;

    /**
     * @param transport        a client transport (admin role) that knows the servers' addresses
     * @param group            the Raft group (KV group, shard group or controller cluster) to manage
     * @param servers          some members of the group
     * @param requestTimeout   how long one server may take to answer (a change waits for its commit)
     * @param operationTimeout how long to keep trying servers in all
     */
    public MemberClient(Transport transport, String group, List<NodeId> servers, Duration requestTimeout,
                        Duration operationTimeout) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.group = Objects.requireNonNull(group, "group");
        this.servers = new ArrayList<>(new LinkedHashSet<>(servers));
        if (this.servers.isEmpty()) {
            throw new IllegalArgumentException("a member client of group '" + group + "' needs at least one server");
        }
        this.requestTimeout = requestTimeout;
        this.operationTimeout = operationTimeout;
    }

    /** The group's configuration, as its leader has it (with each member's match index). */
    public GroupMembers list() {
        return call(MemberRequest.newBuilder().setGroup(group).setList(MemberListRequest.getDefaultInstance())
                .build(), "list the members");
    }

    /** Adds {@code member} as a learner, reached at {@code address} (null when its id is its address). */
    public GroupMembers add(String member, String address, OptionalLong expectedIndex) {
        return change(MemberChangeType.MEMBER_CHANGE_TYPE_ADD, member, address, expectedIndex, false);
    }

    /** Promotes learner {@code member} to voter; refused while it lags (LEARNER_LAGGING). */
    public GroupMembers promote(String member, OptionalLong expectedIndex) {
        return change(MemberChangeType.MEMBER_CHANGE_TYPE_PROMOTE, member, null, expectedIndex, false);
    }

    /**
     * Promotes learner {@code member} once it has caught up: while the leader refuses because the learner (or a voter,
     * behind the configuration that added it) lags, asks again every 100 ms, up to the operation timeout; then
     * throws the last refusal. (A leadership change under a promotion is settled as for every change.)
     */
    public GroupMembers promoteWhenCaughtUp(String member) {
        long deadline = System.nanoTime() + operationTimeout.toNanos();
        while (true) {
            try {
                return promote(member, OptionalLong.empty());
            } catch (MemberChangeRefusedException e) {
                boolean lagging = e.reason().equals("LEARNER_LAGGING") || e.reason().equals("VOTER_LAGGING");
                if (!lagging || System.nanoTime() > deadline) {
                    throw e;
                }
                pause();
            }
        }
    }

    /** Removes {@code member}; with {@code checkLiveQuorum}, refused if the voters left have no live majority. */
    public GroupMembers remove(String member, OptionalLong expectedIndex, boolean checkLiveQuorum) {
        return change(MemberChangeType.MEMBER_CHANGE_TYPE_REMOVE, member, null, expectedIndex, checkLiveQuorum);
    }

    private GroupMembers change(MemberChangeType type, String member, String address, OptionalLong expectedIndex,
                                boolean checkLiveQuorum) {
        MemberChangeRequest.Builder c = MemberChangeRequest.newBuilder().setType(type).setMember(member)
                .setCheckLiveQuorum(checkLiveQuorum);
        if (address != null) {
            c.setAddress(address);
        }
        expectedIndex.ifPresent(c::setExpectedIndex);
        MemberRequest request = MemberRequest.newBuilder().setGroup(group).setChange(c).build();
        String what = type.name().substring("MEMBER_CHANGE_TYPE_".length()).toLowerCase() + " " + member;
        long deadline = System.nanoTime() + operationTimeout.toNanos();
        while (true) {
            try {
                return call(request, what);
            } catch (MemberChangeUncertainException e) {
                // Leadership changed under the change: ask the group's (new) leader whether it took effect.
                GroupMembers now = list();
                if (done(type, now.member(member))) {
                    return now;
                }
                if (expectedIndex.isPresent() || System.nanoTime() - deadline > 0) {
                    throw e; // the expected configuration is gone either way: the operator decides
                }
            }
        }
    }

    /** Whether the change {@code type} to a member now described by {@code m} (null: not a member) is in effect. */
    private static boolean done(MemberChangeType type, GroupMembers.Member m) {
        return switch (type) {
            case MEMBER_CHANGE_TYPE_ADD -> m != null;
            case MEMBER_CHANGE_TYPE_PROMOTE -> m != null && m.voter();
            case MEMBER_CHANGE_TYPE_REMOVE -> m == null;
            default -> false;
        };
    }

    private GroupMembers call(MemberRequest request, String what) {
        long deadline = System.nanoTime() + operationTimeout.toNanos();
        byte[] payload = request.toByteArray();
        int next = 0;
        String lastError = "no answer yet";
        while (System.nanoTime() < deadline) {
            NodeId target = leader != null ? leader : servers.get(next++ % servers.size());
            MemberResponse r;
            try {
                r = MemberResponse.parseFrom(transport.request(target, MemberService.channel(group), payload,
                        requestTimeout).get(requestTimeout.toMillis() + 1_000, TimeUnit.MILLISECONDS));
            } catch (ExecutionException | TimeoutException | InvalidProtocolBufferException e) {
                lastError = target + ": " + (e instanceof ExecutionException ? e.getCause() : e);
                leader = null;
                pause();
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KvException("interrupted while trying to " + what);
            }
            switch (r.getStatus()) {
                case MEMBER_STATUS_OK -> {
                    leader = target;
                    return GroupMembers.of(r.getConfiguration());
                }
                case MEMBER_STATUS_NOT_LEADER -> {
                    lastError = target + ": " + r.getError();
                    leader = follow(r.getLeaderHint(), r.getLeaderAddress(), target);
                    if (leader == null) {
                        pause();
                    }
                }
                case MEMBER_STATUS_REFUSED -> throw new MemberChangeRefusedException(r.getRefusal(),
                        r.hasConfiguration() ? GroupMembers.of(r.getConfiguration()) : null, r.getError());
                case MEMBER_STATUS_BAD_REQUEST -> throw new KvRequestRejectedException(r.getError());
                case MEMBER_STATUS_UNAVAILABLE -> throw new MemberChangeUncertainException(r.getError());
                default -> throw new KvException(target + " answered " + what + " with unknown status "
                        + r.getStatus());
            }
        }
        throw new KvTimeoutException("could not " + what + " of group '" + group + "' within " + operationTimeout
                + " (servers " + servers + "; last: " + lastError + ")", null);
    }

    /** The server a NOT_LEADER hint names, learning its address if given; null when it names no one new to try. */
    private NodeId follow(String hint, String address, NodeId from) {
        if (hint.isEmpty() || hint.equals(from.value())) {
            return null;
        }
        NodeId id = NodeId.of(hint);
        if (!servers.contains(id)) {
            if (address.isEmpty()) {
                return null;
            }
            servers.add(id);
            learned.put(id, address);
            transport.updateMembers(new LinkedHashSet<>(servers), Map.copyOf(learned));
        }
        return id;
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
