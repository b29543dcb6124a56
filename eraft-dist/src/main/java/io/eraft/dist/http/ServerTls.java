package io.eraft.dist.http;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@link SSLContext} of an HTTPS listener, from the node's own TLS files as the transport takes them: its
 * certificate chain (PEM) and its private key (unencrypted PKCS#8 PEM, RSA or EC).
 * <p>Internal: part of the eraft command, shared by its packages; io.eraft.dist exports no API.
 */
public final class ServerTls {
    private static final Pattern PKCS8 = Pattern.compile(
            "-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");
    private static final char[] NO_PASSWORD = new char[0];

    private ServerTls() {
    }

    /**
     * A TLS server context presenting {@code certificate} with {@code privateKey}.
     *
     * @throws IllegalArgumentException naming the file when a file cannot be read or holds no usable certificate
     *                                  or key
     */
    public static SSLContext fromPem(Path certificate, Path privateKey) {
        Certificate[] chain = chain(certificate);
        PrivateKey key = key(privateKey);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("node", key, NO_PASSWORD, chain);
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, NO_PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("cannot use the certificate " + certificate + " with the key "
                    + privateKey + " for HTTPS: " + e.getMessage(), e);
        }
    }

    private static Certificate[] chain(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            Certificate[] chain = CertificateFactory.getInstance("X.509").generateCertificates(in)
                    .toArray(Certificate[]::new);
            if (chain.length == 0) {
                throw new IllegalArgumentException("the certificate file " + file + " holds no certificate");
            }
            return chain;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read the certificate file " + file + ": " + e.getMessage(), e);
        }
    }

    private static PrivateKey key(Path file) {
        String pem;
        try {
            pem = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the key file " + file + ": " + e.getMessage(), e);
        }
        Matcher m = PKCS8.matcher(pem);
        if (!m.find()) {
            throw new IllegalArgumentException("the key file " + file + " holds no unencrypted PKCS#8 key (BEGIN "
                    + "PRIVATE KEY); convert it with: openssl pkcs8 -topk8 -nocrypt -in " + file + " -out key.pk8.pem");
        }
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(m.group(1)));
        for (String algorithm : new String[] {"EC", "RSA"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (InvalidKeySpecException e) {
                // not this algorithm; try the next
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException("cannot read the key in " + file + ": " + e.getMessage(), e);
            }
        }
        throw new IllegalArgumentException("the key in " + file + " is neither an EC nor an RSA key");
    }
}
