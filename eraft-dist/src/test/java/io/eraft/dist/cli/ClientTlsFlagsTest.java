package io.eraft.dist.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The tools' TLS flags go through the embedded client's check (io.eraft.shardkv.client.TlsFiles): an unreadable or
 * missing file is refused before anything is sent, with exit status 2 and a message naming the file.
 */
class ClientTlsFlagsTest {
    @TempDir
    Path dir;

    @Test
    void aTlsFileThatDoesNotExistIsRefusedNamingItWithExitStatus2() throws IOException {
        Path cert = Files.writeString(dir.resolve("c.pem"), "x");
        Path ca = Files.writeString(dir.resolve("ca.pem"), "x");
        Path key = dir.resolve("missing-key.pem");
        CliRun r = CliRun.eraft("kv", "--servers", "n1=127.0.0.1:1", "--tls-cert", cert.toString(), "--tls-key",
                key.toString(), "--tls-ca", ca.toString(), "get", "k");
        assertEquals(2, r.exit(), r.err());
        assertEquals("eraft: cannot read the TLS private key file " + key + " (it does not exist)\n", r.err());
    }

    @Test
    void anIncompleteSetOfTlsFilesIsRefusedNamingTheMissingOne() throws IOException {
        Path cert = Files.writeString(dir.resolve("c.pem"), "x");
        CliRun r = CliRun.eraft("status", "--servers", "n1=127.0.0.1:1", "--tls-cert", cert.toString());
        assertEquals(2, r.exit(), r.err());
        assertEquals("eraft: TLS needs a certificate, a private key and trusted CA certificates; the private key "
                + "file is missing (given: certificate " + cert + ")\n", r.err());
    }
}
