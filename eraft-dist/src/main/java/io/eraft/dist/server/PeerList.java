package io.eraft.dist.server;

import io.eraft.api.transport.NodeId;
import io.eraft.shardkv.client.BadAddressException;
import io.eraft.shardkv.client.ServerAddresses;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The members of a group and their addresses, in the order given: {@code n1=host:port,n2=host:port,...}. An entry may
 * be a bare {@code host:port}: that node is named by its address (the form shard group servers and controllers use,
 * so that any node can dial a server it learns of from a configuration). Used for a server's peers, a shard
 * server's controllers and a client's server list.
 *
 * <p>Internal: part of the eraft command, shared by its packages; io.eraft.dist exports no API.
 *
 * @param addresses node id to {@code host:port} ({@code [v6]:port} for IPv6 literals), in the order given
 */
public record PeerList(Map<NodeId, String> addresses) {
    private static final String FORMAT = ServerAddresses.FORMAT;

    /** Copies {@code addresses}, keeping their order. */
    public PeerList {
        Objects.requireNonNull(addresses, "addresses");
        if (addresses.isEmpty()) {
            throw new ConfigException("the peer list is empty; " + FORMAT);
        }
        addresses = Collections.unmodifiableMap(new LinkedHashMap<>(addresses));
    }

    /**
     * Parses {@code id=host:port,...} as a client's server list is parsed ({@link ServerAddresses}).
     *
     * @param setting how the user gave the list (e.g. {@code "--peers"}), named in error messages
     * @throws ConfigException naming the bad entry: a missing '=', a bad id, a malformed address or port, or an
     *                         id or address given twice
     */
    public static PeerList parse(String text, String setting) {
        try {
            return new PeerList(ServerAddresses.parse(text));
        } catch (BadAddressException e) {
            throw new ConfigException("bad peer list in " + setting + " '" + text + "': " + e.reason() + "; "
                    + FORMAT);
        }
    }

    /** The node ids, in the order given. */
    public List<NodeId> ids() {
        return List.copyOf(addresses.keySet());
    }

    /** The address of {@code id}, or null when it is not listed. */
    public String addressOf(NodeId id) {
        return addresses.get(id);
    }

    /** Whether {@code id} is listed. */
    public boolean contains(NodeId id) {
        return addresses.containsKey(id);
    }

    /** Whether every node is named by its address (a bare {@code host:port} entry). */
    public boolean namedByAddress() {
        return addresses.entrySet().stream().allMatch(e -> e.getKey().value().equals(e.getValue()));
    }

    /** The list in the form {@link #parse} reads (bare {@code host:port} for a node named by its address). */
    public String format() {
        return addresses.entrySet().stream()
                .map(e -> e.getKey().value().equals(e.getValue()) ? e.getValue() : e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
    }

    @Override
    public String toString() {
        return format();
    }
}
