package com.example.kvapp;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The application as a user runs it: three {@code eraft server} processes from the jlink image
 * ({@code -Deraft.image=DIR}), the application on the module path of its jar and its runtime dependencies
 * ({@code java --module-path ... -m com.example.kvapp/com.example.kvapp.KvApp}), and then {@code eraft kv get} from
 * the image reading what the application wrote; the same over mutual TLS with openssl-made certificates.
 */
@Timeout(240)
class KvAppIT {
    private static final Path IMAGE = Path.of(System.getProperty("eraft.image", "../../eraft-dist/target/eraft-image"))
            .toAbsolutePath().normalize();
    private final List<Process> servers = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void killServers() {
        for (Process p : servers) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    @Test
    void theAppPutsReadsAndSwapsAKeyOnAThreeServerClusterAndEraftKvReadsItBack() throws Exception {
        assertTrue(Files.isExecutable(IMAGE.resolve("bin/eraft")), "no eRaft image at " + IMAGE
                + ": build it (./mvnw install in the repository root) or give -Deraft.image=DIR");
        String peers = startCluster(3, id -> List.of());

        Result app = run(appCommand("--servers", peers, "--key", "greeting", "--value", "hello", "--timeout", "60"));
        assertEquals(0, app.exit, "the app's output: " + app.out + app.err + logs());
        assertEquals(List.of(
                "put greeting = hello",
                "get greeting -> hello",
                "cas greeting hello -> hello!: true",
                "cas greeting hello -> never: false",
                "get greeting -> hello!"), app.out.lines().toList(), app.err);

        Result cli = run(List.of(IMAGE.resolve("bin/eraft").toString(), "kv", "--servers", peers, "get", "greeting"));
        assertEquals(0, cli.exit, cli.out + cli.err);
        assertEquals("hello!", cli.out.strip(), "eraft kv get reads the value the app wrote");
    }

    @Test
    void overMutualTlsTheAppWritesWithItsClientCertificateAndAPlainConnectionGetsNothing() throws Exception {
        assertTrue(Files.isExecutable(IMAGE.resolve("bin/eraft")), "no eRaft image at " + IMAGE);
        Certificates pki = new Certificates(Files.createDirectories(dir.resolve("pki")));
        List<Certificates.Files3> serverFiles = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            serverFiles.add(pki.server("n" + i));
        }
        String peers = startCluster(3, id -> {
            Certificates.Files3 f = serverFiles.get(Integer.parseInt(id.substring(1)) - 1);
            return List.of("transport.tls-cert=" + f.cert(), "transport.tls-key=" + f.key(),
                    "transport.tls-ca=" + f.ca());
        });
        Certificates.Files3 client = pki.client("kvapp");
        List<String> tls = List.of("--tls-ca", client.ca().toString(), "--tls-cert", client.cert().toString(),
                "--tls-key", client.key().toString());

        List<String> args = new ArrayList<>(List.of("--servers", peers, "--key", "secret", "--value", "s1",
                "--timeout", "60"));
        args.addAll(tls);
        Result app = run(appCommand(args.toArray(String[]::new)));
        assertEquals(0, app.exit, "the app's output: " + app.out + app.err + logs());
        assertEquals("get secret -> s1!", app.out.lines().reduce((a, b) -> b).orElse(""), app.out);

        List<String> get = new ArrayList<>(List.of(IMAGE.resolve("bin/eraft").toString(), "kv", "--servers", peers));
        get.addAll(tls);
        get.addAll(List.of("get", "secret"));
        Result cli = run(get);
        assertEquals("s1!", cli.out.strip(), "eraft kv get over TLS: " + cli.err);

        Result plain = run(appCommand("--servers", peers, "--key", "secret", "--timeout", "3"));
        assertEquals(1, plain.exit, plain.out + plain.err);
        assertTrue(plain.err.contains("KvTimeoutException") && plain.err.contains("within PT3S"), plain.err);
    }

    @Test
    void theAppReportsAServerListItCannotParseAndExitsOne() throws Exception {
        Result app = run(appCommand("--servers", "n1=127.0.0.1"));
        assertEquals(1, app.exit, app.out + app.err);
        assertTrue(app.err.contains("BadAddressException") && app.err.contains("'127.0.0.1' of node n1 is not "
                + "host:port"), app.err);
    }

    /** {@code java --module-path <app jar>:<its runtime dependencies> -m com.example.kvapp/...KvApp args}. */
    private static List<String> appCommand(String... args) throws IOException {
        Path jar = Path.of(System.getProperty("app.jar"));
        String modulePath;
        try (var jars = Files.list(Path.of(System.getProperty("app.modules")))) {
            modulePath = jar + File.pathSeparator + jars.map(Path::toString).sorted()
                    .collect(Collectors.joining(File.pathSeparator));
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "--module-path", modulePath, "-m", "com.example.kvapp/com.example.kvapp.KvApp"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /**
     * Starts {@code size} servers of group kv on free loopback ports, each with the config lines {@code extra} gives
     * for its id; returns their {@code id=host:port} list.
     */
    private String startCluster(int size, Function<String, List<String>> extra) throws IOException {
        List<String> entries = new ArrayList<>();
        for (int port : freePorts(size)) {
            entries.add("n" + (entries.size() + 1) + "=127.0.0.1:" + port);
        }
        String peers = String.join(",", entries);
        for (int i = 1; i <= size; i++) {
            List<String> lines = new ArrayList<>(List.of("node.id=n" + i, "peers=" + peers,
                    "data.dir=" + dir.resolve("n" + i), "store=leveldb"));
            lines.addAll(extra.apply("n" + i));
            Path config = Files.write(dir.resolve("n" + i + ".properties"), lines);
            ProcessBuilder pb = new ProcessBuilder(IMAGE.resolve("bin/eraft").toString(), "server", "--config",
                    config.toString()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("n" + i + ".log").toFile());
            pb.environment().remove("JAVA_TOOL_OPTIONS");
            servers.add(pb.start());
        }
        return peers;
    }

    private String logs() throws IOException {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= servers.size(); i++) {
            b.append("\n--- n").append(i).append(" log:\n").append(Files.readString(dir.resolve("n" + i + ".log")));
        }
        return b.toString();
    }

    private static List<Integer> freePorts(int count) throws IOException {
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                held.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            return held.stream().map(ServerSocket::getLocalPort).toList();
        } finally {
            for (ServerSocket s : held) {
                s.close();
            }
        }
    }

    private record Result(int exit, String out, String err) {
    }

    private Result run(List<String> command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        Path errFile = dir.resolve("stderr-" + System.nanoTime());
        pb.redirectError(errFile.toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), command + " did not exit; output: " + out);
        return new Result(p.exitValue(), out, Files.readString(errFile));
    }
}
