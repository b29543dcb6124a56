package io.eraft.dist.client;

import io.eraft.api.transport.Access;
import io.eraft.shardkv.client.TlsFiles;

import java.util.Objects;

/**
 * How a tool connects to a cluster: the role it claims ({@link Access#CLIENT} for kv, status and bench;
 * {@link Access#ADMIN} for ctl and the demo's joins) and its TLS files. With TLS the servers take the role from the
 * certificate (an admin certificate names {@code urn:eraft:admin:<name>}), so a claim it does not back is refused.
 *
 * <p>Internal: part of the eraft command, shared by its packages; io.eraft.dist exports no API.
 *
 * @param role the role claimed; never {@link Access#PEER} (tools are not members)
 * @param tls  the TLS files, or {@link TlsFiles#NONE}
 */
public record ClientAccess(Access role, TlsFiles tls) {
    /** A client without TLS. */
    public static final ClientAccess CLIENT = new ClientAccess(Access.CLIENT, TlsFiles.NONE);
    /** An operator without TLS. */
    public static final ClientAccess ADMIN = new ClientAccess(Access.ADMIN, TlsFiles.NONE);

    public ClientAccess {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(tls, "tls");
        if (role == Access.PEER) {
            throw new IllegalArgumentException("a tool connects as a client or an admin, never as a peer");
        }
    }

    /** The same role with {@code files}. */
    public ClientAccess withTls(TlsFiles files) {
        return new ClientAccess(role, files);
    }
}
