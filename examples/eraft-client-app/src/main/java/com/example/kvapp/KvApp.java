package com.example.kvapp;

import io.eraft.shardkv.client.EraftClient;
import io.eraft.shardkv.client.GroupClient;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Connects to a KV group by its servers' addresses, puts a key, reads it, swaps it with compare-and-set and prints
 * each result.
 *
 * <pre>
 * java --module-path modules -m com.example.kvapp/com.example.kvapp.KvApp \
 *      --servers n1=127.0.0.1:7101,n2=127.0.0.1:7102,n3=127.0.0.1:7103 [--group kv] [--key K] [--value V]
 *      [--timeout SECONDS] [--tls-ca FILE --tls-cert FILE --tls-key FILE]
 * </pre>
 * Exits 0 when every step did what it should, 1 when the cluster refused or failed one, 2 on bad arguments.
 */
public final class KvApp {
    private KvApp() {
    }

    public static void main(String[] args) {
        Arguments a;
        try {
            a = Arguments.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("kvapp: " + e.getMessage());
            System.exit(2);
            return;
        }
        try {
            System.exit(run(a) ? 0 : 1);
        } catch (RuntimeException e) {
            System.err.println("kvapp: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            System.exit(1);
        }
    }

    /** Does the four steps, printing each; true when each result was the expected one. */
    static boolean run(Arguments a) {
        var builder = EraftClient.group(a.group, a.servers).operationTimeout(a.timeout);
        if (a.tlsCa != null) {
            builder.tls(a.tlsCa, a.tlsCert, a.tlsKey);
        }
        try (GroupClient kv = builder.connect()) {
            kv.put(a.key, a.value);
            System.out.println("put " + a.key + " = " + a.value);
            String read = kv.get(a.key).orElse(null);
            System.out.println("get " + a.key + " -> " + read);
            String swapped = a.value + "!";
            boolean first = kv.compareAndSet(a.key, a.value, swapped);
            System.out.println("cas " + a.key + " " + a.value + " -> " + swapped + ": " + first);
            boolean second = kv.compareAndSet(a.key, a.value, "never");
            System.out.println("cas " + a.key + " " + a.value + " -> never: " + second);
            String last = kv.get(a.key).orElse(null);
            System.out.println("get " + a.key + " -> " + last);
            return a.value.equals(read) && first && !second && swapped.equals(last);
        }
    }

    /** The command line. */
    record Arguments(String servers, String group, String key, String value, Duration timeout, Path tlsCa,
                     Path tlsCert, Path tlsKey) {
        static Arguments parse(String[] args) {
            Deque<String> in = new ArrayDeque<>(List.of(args));
            String servers = null;
            String group = "kv";
            String key = "greeting";
            String value = "hello";
            Duration timeout = Duration.ofSeconds(30);
            Path ca = null;
            Path cert = null;
            Path key2 = null;
            while (!in.isEmpty()) {
                String option = in.removeFirst();
                if (in.isEmpty()) {
                    throw new IllegalArgumentException("option " + option + " needs a value");
                }
                String v = in.removeFirst();
                switch (option) {
                    case "--servers" -> servers = v;
                    case "--group" -> group = v;
                    case "--key" -> key = v;
                    case "--value" -> value = v;
                    case "--timeout" -> timeout = Duration.ofSeconds(Long.parseLong(v));
                    case "--tls-ca" -> ca = Path.of(v);
                    case "--tls-cert" -> cert = Path.of(v);
                    case "--tls-key" -> key2 = Path.of(v);
                    default -> throw new IllegalArgumentException("unknown option " + option);
                }
            }
            if (servers == null) {
                throw new IllegalArgumentException("--servers id=host:port,... is required");
            }
            if ((ca == null) != (cert == null) || (ca == null) != (key2 == null)) {
                throw new IllegalArgumentException("give all of --tls-ca, --tls-cert and --tls-key, or none");
            }
            return new Arguments(servers, group, key, value, timeout, ca, cert, key2);
        }
    }
}
