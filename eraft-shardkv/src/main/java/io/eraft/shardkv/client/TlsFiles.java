package io.eraft.shardkv.client;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A client's (or node's) TLS files, all PEM: its certificate chain, its private key (PKCS#8; RSA or EC) and the CA
 * certificates it trusts. Give all three or none ({@link #NONE}).
 *
 * @param certificate the certificate chain, or null
 * @param privateKey  the private key, or null
 * @param trustedCas  the trusted CA certificates, or null
 */
public record TlsFiles(Path certificate, Path privateKey, Path trustedCas) {
    /** The transport option naming the certificate (the server's {@code transport.tls-cert}). */
    public static final String CERT = "tls-cert";
    /** The transport option naming the private key ({@code transport.tls-key}). */
    public static final String KEY = "tls-key";
    /** The transport option naming the trusted CAs ({@code transport.tls-ca}). */
    public static final String CA = "tls-ca";
    /** No TLS. */
    public static final TlsFiles NONE = new TlsFiles(null, null, null);

    /** The three files, in the order an operator usually names them: the CAs to trust, the certificate, the key. */
    public static TlsFiles of(Path trustedCas, Path certificate, Path privateKey) {
        return new TlsFiles(certificate, privateKey, trustedCas);
    }

    /** True when no file is given. */
    public boolean isNone() {
        return certificate == null && privateKey == null && trustedCas == null;
    }

    /**
     * Checks that all three files or none are given and that each given one is a readable regular file.
     *
     * @throws TlsFilesException naming the missing or unreadable file
     */
    public void check() {
        if (isNone()) {
            return;
        }
        given(certificate, "certificate");
        given(privateKey, "private key");
        given(trustedCas, "trusted CA");
        readable(certificate, "certificate");
        readable(privateKey, "private key");
        readable(trustedCas, "trusted CA");
    }

    private void given(Path file, String what) {
        if (file == null) {
            throw new TlsFilesException("TLS needs a certificate, a private key and trusted CA certificates; the "
                    + what + " file is missing (given: " + given() + ")");
        }
    }

    /** The files given, named: {@code certificate c.pem, trusted CAs ca.pem}. */
    private String given() {
        List<String> out = new ArrayList<>();
        if (certificate != null) {
            out.add("certificate " + certificate);
        }
        if (privateKey != null) {
            out.add("private key " + privateKey);
        }
        if (trustedCas != null) {
            out.add("trusted CAs " + trustedCas);
        }
        return String.join(", ", out);
    }

    private static void readable(Path file, String what) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new TlsFilesException("cannot read the TLS " + what + " file " + file
                    + (Files.exists(file) ? " (it is not a readable regular file)" : " (it does not exist)"));
        }
    }

    /** The transport options for these files: the ones given, by option name. */
    public Map<String, String> transportOptions() {
        Map<String, String> out = new LinkedHashMap<>();
        put(out, CERT, certificate);
        put(out, KEY, privateKey);
        put(out, CA, trustedCas);
        return Map.copyOf(out);
    }

    private static void put(Map<String, String> out, String option, Path file) {
        if (file != null) {
            out.put(option, file.toString());
        }
    }
}
