package io.eraft.dist.cli;

import io.eraft.shardkv.client.TlsFiles;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.nio.file.Path;

/**
 * The TLS files of a tool ({@code kv}, {@code status}, {@code bench}, {@code ctl}), under the names the servers take
 * them: a TLS cluster needs all three. The certificate says what the tool may do: a client certificate reaches the
 * client protocol, an admin certificate ({@code urn:eraft:admin:<name>}) also membership and shard moves.
 */
final class TlsOptions {
    @Option(names = "--tls-cert", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "For a TLS cluster: this tool's certificate chain, PEM (with --tls-key and --tls-ca).")
    Path cert;

    @Option(names = "--tls-key", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "For a TLS cluster: this tool's private key, PKCS#8 PEM, RSA or EC.")
    Path key;

    @Option(names = "--tls-ca", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "For a TLS cluster: the CA certificates the servers' certificates chain to, PEM.")
    Path ca;

    TlsFiles files() {
        return new TlsFiles(cert, key, ca);
    }

    /** For a failure that may be a TLS cluster refusing a plain connection: how to give the TLS files, or "". */
    String hintIfMissing() {
        return cert == null && key == null && ca == null
                ? " If the cluster uses TLS, give --tls-cert, --tls-key and --tls-ca." : "";
    }
}
