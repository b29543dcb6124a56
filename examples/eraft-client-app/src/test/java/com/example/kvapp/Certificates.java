package com.example.kvapp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A test CA and the certificates it issues, made with openssl as eRaft's README shows: a server's certificate names
 * its node ({@code urn:eraft:peer:<id>}) and 127.0.0.1; a client's names nothing. EC P-256 keys in PKCS#8 PEM.
 */
final class Certificates {
    /** One party's files. */
    record Files3(Path ca, Path cert, Path key) {
    }

    private final Path dir;
    private final Path ca;
    private final Path caKey;

    Certificates(Path dir) throws IOException, InterruptedException {
        this.dir = dir;
        this.ca = dir.resolve("ca.pem");
        this.caKey = dir.resolve("ca.key");
        openssl("req", "-x509", "-new", "-nodes", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                "-keyout", caKey.toString(), "-out", ca.toString(), "-days", "2", "-subj", "/CN=kvapp test CA",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
    }

    /** A server's files: it may speak for node {@code id}, from 127.0.0.1. */
    Files3 server(String id) throws IOException, InterruptedException {
        return issue("server-" + id, "subjectAltName = URI:urn:eraft:peer:" + id + ", IP:127.0.0.1",
                "extendedKeyUsage = serverAuth, clientAuth");
    }

    /** A client's files. */
    Files3 client(String name) throws IOException, InterruptedException {
        return issue("client-" + name, "extendedKeyUsage = clientAuth");
    }

    private Files3 issue(String name, String... extensions) throws IOException, InterruptedException {
        Path key = dir.resolve(name + ".key");
        Path csr = dir.resolve(name + ".csr");
        Path cert = dir.resolve(name + ".pem");
        Path ext = Files.write(dir.resolve(name + ".ext"), List.of(extensions), StandardCharsets.US_ASCII);
        openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key.toString());
        openssl("req", "-new", "-key", key.toString(), "-subj", "/CN=" + name, "-out", csr.toString());
        openssl("x509", "-req", "-in", csr.toString(), "-CA", ca.toString(), "-CAkey", caKey.toString(),
                "-CAcreateserial", "-days", "2", "-extfile", ext.toString(), "-out", cert.toString());
        return new Files3(ca, cert, key);
    }

    private void openssl(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "openssl failed: " + cmd + "\n" + out);
    }
}
