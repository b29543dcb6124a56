package io.eraft.shardkv.kv;

import io.eraft.api.store.CloseableIterator;
import io.eraft.api.store.KeyValue;
import io.eraft.api.store.StateMachineStore;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The sessions of every client, in memory, mirroring the session namespace of the store. Loaded from the store when
 * the state machine opens and after a snapshot install; changed only by {@link #commit} after the store batch that
 * holds the same changes was written. Used only on the apply thread.
 */
final class SessionTable {
    private final Map<Long, Session> sessions;

    private SessionTable(Map<Long, Session> sessions) {
        this.sessions = sessions;
    }

    /** Reads every session of the plain layout from {@code store}. */
    static SessionTable load(StateMachineStore store) {
        return load(store, StoreLayout.PLAIN);
    }

    /** Reads every session of {@code layout} from {@code store}. */
    static SessionTable load(StateMachineStore store, StoreLayout layout) {
        Map<Long, Session> sessions = new HashMap<>();
        try (CloseableIterator<KeyValue> it = store.scan(layout.sessions())) {
            while (it.hasNext()) {
                KeyValue kv = it.next();
                long clientId = layout.clientIdOf(kv.key());
                sessions.put(clientId, Session.decode(clientId, kv.value()));
            }
        }
        return new SessionTable(sessions);
    }

    /** The session of {@code clientId}, or null. */
    Session get(long clientId) {
        return sessions.get(clientId);
    }

    /** The ids of every client with a session, ascending (a deterministic order). */
    List<Long> clientIds() {
        return sessions.keySet().stream().sorted().collect(Collectors.toList());
    }

    int size() {
        return sessions.size();
    }

    /** Applies staged changes: a session per client id, or null to remove the client's session. */
    void commit(Map<Long, Session> changes) {
        changes.forEach((id, s) -> {
            if (s == null) {
                sessions.remove(id);
            } else {
                sessions.put(id, s);
            }
        });
    }
}
