package io.eraft.dist.http;

import com.sun.net.httpserver.HttpHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The HTTP listener on its own, with test routes: methods, routing, misbehaving clients, HTTPS. */
class HttpEndpointsTest {
    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        Collections.reverse(open);
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    @Test
    void getServesARouteAndHeadGivesItsHeadersWithoutABody() {
        URI base = start(routes()).uri();

        HttpCall get = HttpCall.get(base, "/hello");
        assertEquals(200, get.status());
        assertEquals("{\"hello\":\"world\"}", get.body());
        assertEquals("application/json", get.contentType());

        HttpCall head = HttpCall.call("HEAD", base.resolve("/hello"));
        assertEquals(200, head.status());
        assertEquals("", head.body());
        assertEquals(Integer.toString(get.body().length()), head.contentLength());
    }

    @Test
    void everyMethodButGetAndHeadIsRefusedWith405() {
        URI base = start(routes()).uri();
        for (String method : List.of("POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE")) {
            HttpCall call = method.equals("PATCH") ? raw(base, "PATCH /hello HTTP/1.1\r\nHost: x\r\n"
                    + "Content-Length: 0\r\n\r\n") : HttpCall.call(method, base.resolve("/hello"));
            assertEquals(405, call.status(), method);
        }
        HttpCall post = HttpCall.call("POST", base.resolve("/hello"));
        assertEquals("GET, HEAD", post.allow());
        assertTrue(post.body().contains("read-only"), post.body());
    }

    @Test
    void pathsAreServedExactlyOrUnderAPrefixRouteAndOthersAre404() {
        URI base = start(routes()).uri();
        assertEquals("console asset", HttpCall.get(base, "/console/app.js").body());
        assertEquals("console asset", HttpCall.get(base, "/console/").body());
        assertEquals(404, HttpCall.get(base, "/console").status());
        assertEquals(404, HttpCall.get(base, "/hello/more").status());
        assertEquals(404, HttpCall.get(base, "/hellox").status());
        assertEquals(404, HttpCall.get(base, "/").status());
    }

    @Test
    void aFailingHandlerGives500AndTheListenerServesOn() {
        URI base = start(routes()).uri();
        HttpCall broken = HttpCall.get(base, "/broken");
        assertEquals(500, broken.status());
        assertTrue(broken.body().contains("handler bug"), broken.body());
        assertEquals(200, HttpCall.get(base, "/hello").status());
    }

    @Test
    void garbageSilentAndStalledClientsDoNotKeepOthersFromBeingServed() throws Exception {
        URI base = start(routes()).uri();
        InetSocketAddress at = new InetSocketAddress("127.0.0.1", base.getPort());
        List<Socket> bad = new ArrayList<>();
        try {
            bad.add(client(at, new byte[0])); // connects, says nothing
            bad.add(client(at, "\u0000\u0001\u00ff garbage \r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)));
            bad.add(client(at, "GET /hello HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII)));
            for (int i = 0; i < HttpEndpoints.THREADS - 2; i++) {
                bad.add(client(at, "GET /hel".getBytes(StandardCharsets.US_ASCII))); // stalls mid request line
            }
            for (int i = 0; i < 5; i++) {
                long started = System.nanoTime();
                assertEquals(200, HttpCall.get(base, "/hello").status());
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                // well under the time a stalled request may hold a thread: they did not wait for one
                assertTrue(millis < TimeUnit.SECONDS.toMillis(HttpEndpoints.MAX_REQUEST_SECONDS) - 1000,
                        "a well-behaved request took " + millis + " ms");
            }
            assertTrue(closedWithin(bad.get(1), 5000), "the garbage connection is answered and closed");
        } finally {
            for (Socket s : bad) {
                s.close();
            }
        }
    }

    @Test
    void moreStalledClientsThanThreadsAreCutOffAfterTheRequestTimeLimit() throws Exception {
        URI base = start(routes()).uri();
        InetSocketAddress at = new InetSocketAddress("127.0.0.1", base.getPort());
        List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < HttpEndpoints.THREADS + 2; i++) {
                stalled.add(client(at, "GET /hello HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII)));
            }
            long started = System.nanoTime();
            assertEquals(200, HttpCall.get(base, "/hello").status());
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertTrue(millis < TimeUnit.SECONDS.toMillis(HttpEndpoints.MAX_REQUEST_SECONDS) + 3000,
                    "served after " + millis + " ms");
            for (Socket s : stalled) {
                assertTrue(closedWithin(s, TimeUnit.SECONDS.toMillis(HttpEndpoints.MAX_REQUEST_SECONDS) + 5000),
                        "a stalled request's connection is closed");
            }
        } finally {
            for (Socket s : stalled) {
                s.close();
            }
        }
    }

    @Test
    void itListensOnlyOnTheAddressItIsGiven() throws Exception {
        HttpEndpoints http = start(routes());
        assertEquals(InetAddress.getByName("127.0.0.1"), http.address().getAddress());
        Optional<InetAddress> other = otherLocalAddress();
        assumeTrue(other.isPresent(), "this machine has no non-loopback IPv4 address");
        try (Socket s = new Socket()) {
            assertThrows(ConnectException.class, () -> s.connect(new InetSocketAddress(other.get(),
                    http.address().getPort()), 2000));
        }
    }

    @Test
    void anAddressInUseIsReportedWithTheAddress() {
        HttpEndpoints first = start(routes());
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> HttpEndpoints.start(first.address(),
                Optional.empty(), routes()));
        assertTrue(e.getMessage().contains(first.address().toString()), e.getMessage());
    }

    @Test
    void withATlsContextItServesHttpsWithTheNodesCertificateAndRefusesPlainHttp() throws Exception {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        selfSigned(cert, key);

        HttpEndpoints https = HttpEndpoints.start(new InetSocketAddress("127.0.0.1", 0),
                Optional.of(ServerTls.fromPem(cert, key)), routes());
        open.add(https);
        assertEquals("https", https.uri().getScheme());

        HttpCall call = HttpCall.call("GET", https.uri().resolve("/hello"), trusting(cert));
        assertEquals(200, call.status());
        assertEquals("{\"hello\":\"world\"}", call.body());
        assertThrows(UncheckedIOException.class, () -> HttpCall.call("GET", https.uri().resolve("/hello"),
                SSLContext.getDefault()), "a client that does not trust the node's certificate");
        URI plain = URI.create("http://127.0.0.1:" + https.address().getPort() + "/hello");
        assertThrows(UncheckedIOException.class, () -> HttpCall.call("GET", plain), "plain HTTP to an HTTPS port");
    }

    @Test
    void filesWithoutACertificateOrAPkcs8KeyAreRefusedNamingTheFile() throws Exception {
        Path cert = dir.resolve("cert.pem");
        selfSigned(cert, dir.resolve("key.pem"));
        Path sec1 = Files.writeString(dir.resolve("sec1.pem"), "-----BEGIN EC PRIVATE KEY-----\nAAAA\n"
                + "-----END EC PRIVATE KEY-----\n");
        Path empty = Files.writeString(dir.resolve("empty.pem"), "");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServerTls.fromPem(empty, dir.resolve("key.pem")));
        assertTrue(e.getMessage().contains("empty.pem holds no certificate"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ServerTls.fromPem(cert, sec1));
        assertTrue(e.getMessage().contains("sec1.pem") && e.getMessage().contains("openssl pkcs8"), e.getMessage());
    }

    /** A self-signed EC certificate for 127.0.0.1 and its PKCS#8 key, made by openssl. */
    private static void selfSigned(Path cert, Path key) throws Exception {
        Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:P-256", "-nodes", "-keyout", key.toString(), "-out", cert.toString(), "-days", "1",
                "-subj", "/CN=eraft node", "-addext", "subjectAltName=IP:127.0.0.1").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "openssl: " + out);
    }

    private HttpEndpoints start(Map<String, HttpHandler> routes) {
        HttpEndpoints http = HttpEndpoints.start(new InetSocketAddress("127.0.0.1", 0), Optional.empty(), routes);
        open.add(http);
        return http;
    }

    private static Map<String, HttpHandler> routes() {
        Map<String, HttpHandler> routes = new LinkedHashMap<>();
        routes.put("/hello", e -> HttpEndpoints.respondJson(e, 200, "{\"hello\":\"world\"}"));
        routes.put("/console/", e -> HttpEndpoints.respond(e, 200, "text/plain",
                "console asset".getBytes(StandardCharsets.UTF_8)));
        routes.put("/broken", e -> {
            throw new IllegalStateException("handler bug");
        });
        return routes;
    }

    /** A raw request, for a method HttpURLConnection does not send. */
    private static HttpCall raw(URI base, String request) {
        try (Socket s = new Socket("127.0.0.1", base.getPort())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            String response = new String(s.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            return new HttpCall(Integer.parseInt(response.substring(9, 12)), null, null, null, response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Socket client(InetSocketAddress at, byte[] send) throws IOException {
        Socket s = new Socket(at.getAddress(), at.getPort());
        OutputStream out = s.getOutputStream();
        out.write(send);
        out.flush();
        return s;
    }

    /** Whether the server closes {@code s} (after whatever response it sends) within {@code millis}. */
    private static boolean closedWithin(Socket s, long millis) throws IOException {
        s.setSoTimeout((int) millis);
        try {
            s.getInputStream().readAllBytes();
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true; // reset by the server: closed too
        }
    }

    private static Optional<InetAddress> otherLocalAddress() throws SocketException {
        for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (ni.isUp() && !ni.isLoopback()) {
                for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                    if (a instanceof Inet4Address) {
                        return Optional.of(a);
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static SSLContext trusting(Path cert) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(cert)) {
            trust.setCertificateEntry("node", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }
}
