package io.eraft.dist.client;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A node's or client's TLS files as the {@code netty} transport takes them: its certificate chain, its private key
 * (PKCS#8 PEM; RSA or EC) and the CA certificates it trusts, all PEM. The transport checks that all three or none
 * are given and that they can be read.
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
