package io.eraft.dist.cluster;

import io.eraft.shardkv.client.TlsFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A test CA and the certificates it issues, made with the openssl commands the README shows: peer certificates name
 * their node as SAN URI {@code urn:eraft:peer:<id>}, admin certificates {@code urn:eraft:admin:<name>}, client
 * certificates neither. Keys are PKCS#8 PEM, EC P-256 unless RSA is asked for.
 */
final class TestCertificates {
    /** One party's TLS files. */
    record Tls(Path cert, Path key, Path ca) {
        /** The server config lines that turn TLS on with these files. */
        List<String> settings() {
            return List.of("transport.tls-cert=" + cert, "transport.tls-key=" + key, "transport.tls-ca=" + ca);
        }

        /** The tool flags that give these files. */
        List<String> flags() {
            return List.of("--tls-cert", cert.toString(), "--tls-key", key.toString(), "--tls-ca", ca.toString());
        }

        TlsFiles files() {
            return new TlsFiles(cert, key, ca);
        }
    }

    private final Path dir;
    private final Path ca;
    private final Path caKey;

    private TestCertificates(Path dir) {
        this.dir = dir;
        this.ca = dir.resolve("ca.pem");
        this.caKey = dir.resolve("ca.key");
    }

    /** A new CA (EC P-256) in {@code dir}. */
    static TestCertificates create(Path dir) {
        TestCertificates c = new TestCertificates(dir);
        c.openssl("req", "-x509", "-new", "-nodes", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                "-keyout", c.caKey.toString(), "-out", c.ca.toString(), "-days", "30", "-subj", "/CN=eraft test CA",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        return c;
    }

    /** A server's certificate: it may speak for node {@code id}, from 127.0.0.1. */
    Tls peer(String id) {
        return issue(fileName("peer-" + id), false, "subjectAltName = URI:urn:eraft:peer:" + id + ", IP:127.0.0.1",
                "extendedKeyUsage = serverAuth, clientAuth");
    }

    /** An operator's certificate, for ctl. */
    Tls admin(String name) {
        return issue(fileName("admin-" + name), false, "subjectAltName = URI:urn:eraft:admin:" + name,
                "extendedKeyUsage = clientAuth");
    }

    /** A client's certificate (no eraft name), with an RSA or EC key. */
    Tls client(String name, boolean rsa) {
        return issue(fileName("client-" + name), rsa, "extendedKeyUsage = clientAuth");
    }

    private static String fileName(String name) {
        return name.replaceAll("[^A-Za-z0-9_.-]", "_");
    }

    private Tls issue(String name, boolean rsa, String... extensions) {
        Path key = dir.resolve(name + ".key");
        Path csr = dir.resolve(name + ".csr");
        Path cert = dir.resolve(name + ".pem");
        Path ext = dir.resolve(name + ".ext");
        try {
            Files.write(ext, List.of(extensions), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (rsa) {
            openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", key.toString());
        } else {
            openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key.toString());
        }
        openssl("req", "-new", "-key", key.toString(), "-subj", "/CN=" + name, "-out", csr.toString());
        openssl("x509", "-req", "-in", csr.toString(), "-CA", ca.toString(), "-CAkey", caKey.toString(),
                "-CAcreateserial", "-days", "30", "-extfile", ext.toString(), "-out", cert.toString());
        return new Tls(cert, key, ca);
    }

    private void openssl(String... args) {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError("openssl failed: " + String.join(" ", cmd) + "\n" + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run openssl (the TLS test issues its certificates with it): "
                    + String.join(" ", cmd), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
