package io.eraft.shardkv.kv.testing;

import io.eraft.api.raft.RaftStatus;
import io.eraft.api.raft.Role;
import io.eraft.api.testkit.Poll;
import io.eraft.api.transport.NodeId;

import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import java.util.function.Function;

/** Finding a group's leader in test clusters. */
public final class Leaders {
    private Leaders() {
    }

    /**
     * Waits up to {@code wait} until one of {@code servers} that is up (its status present) leads in the highest term
     * among them.
     *
     * @return the leader, or empty when none appeared in time
     */
    public static Optional<NodeId> await(Duration wait, Collection<NodeId> servers,
                                         Function<NodeId, Optional<RaftStatus>> status) {
        NodeId[] found = new NodeId[1];
        boolean ok = Poll.until(wait, () -> {
            found[0] = highestTermLeader(servers, status);
            return found[0] != null;
        });
        return ok ? Optional.of(found[0]) : Optional.empty();
    }

    private static NodeId highestTermLeader(Collection<NodeId> servers, Function<NodeId, Optional<RaftStatus>> status) {
        long highest = -1;
        NodeId leader = null;
        for (NodeId id : servers) {
            Optional<RaftStatus> s = status.apply(id);
            if (s.isEmpty()) {
                continue;
            }
            if (s.get().term() > highest) {
                highest = s.get().term();
                leader = null;
            }
            if (s.get().term() == highest && s.get().role() == Role.LEADER) {
                leader = id;
            }
        }
        return leader;
    }
}
