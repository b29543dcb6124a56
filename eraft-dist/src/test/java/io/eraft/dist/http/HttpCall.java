package io.eraft.dist.http;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP request and its response, for tests: status, content type, Content-Length and body (of an error status
 * too).
 */
public record HttpCall(int status, String contentType, String contentLength, String allow, String body) {
    /** {@code method} on {@code uri}, 10 s timeouts. */
    public static HttpCall call(String method, URI uri) {
        return call(method, uri, null);
    }

    /** As {@link #call(String, URI)}, over HTTPS trusting what {@code tls} trusts. */
    public static HttpCall call(String method, URI uri, SSLContext tls) {
        try {
            HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
            if (tls != null) {
                ((HttpsURLConnection) c).setSSLSocketFactory(tls.getSocketFactory());
            }
            c.setRequestMethod(method);
            c.setConnectTimeout(10_000);
            c.setReadTimeout(10_000);
            int status = c.getResponseCode();
            InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
            String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            HttpCall call = new HttpCall(status, c.getContentType(), c.getHeaderField("Content-Length"),
                    c.getHeaderField("Allow"), body);
            c.disconnect();
            return call;
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + uri + ": " + e, e);
        }
    }

    /** GET {@code path} of {@code base}. */
    public static HttpCall get(URI base, String path) {
        return call("GET", base.resolve(path));
    }
}
