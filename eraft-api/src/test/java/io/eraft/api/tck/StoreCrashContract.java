package io.eraft.api.tck;

import io.eraft.api.store.CloseableIterator;
import io.eraft.api.store.KeyValue;
import io.eraft.api.store.StateMachineStore;
import io.eraft.api.store.StoreProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.module.ModuleFinder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.eraft.api.tck.StoreData.b;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Contract: a writer process killed (SIGKILL) in the middle of committing batches leaves, on reopen, only whole
 * batches, each with its applied index. The writer is another JVM (the java executable running the tests, with
 * this JVM's jars and class directories on its class path) running a small program through the SPI; it moves
 * amounts between accounts (the sum never changes) and stores its batch number in a key and as the applied index
 * of the same batch. It creates the provider from the class of {@link #provider()}'s result, as ServiceLoader
 * would: a public static {@code provider()} method or a public no-argument constructor. JDK packages this JVM opens
 * or exports (for example LMDB's {@code --add-opens java.base/java.nio=lmdbjava}) are opened or exported to the
 * writer's class path.
 *
 * <p>How a provider runs it: depend on the kit (eRaft's version) with JUnit Jupiter,
 * <pre>{@code
 * <dependency>
 *   <groupId>io.eraft</groupId>
 *   <artifactId>eraft-api</artifactId>
 *   <version>0.1.0-SNAPSHOT</version>
 *   <type>test-jar</type>
 *   <scope>test</scope>
 * </dependency>
 * }</pre>
 * and extend this class once in the provider's tests:
 * <pre>{@code
 * class MyStoreCrashContractTest extends StoreCrashContract {
 *     @Override
 *     protected StoreProvider provider() {
 *         return new MyStoreProvider();
 *     }
 * }
 * }</pre>
 * The writer JVM needs nothing more from the subclass; flags the provider's tests need (an {@code argLine}) reach
 * it as described above.
 */
public abstract class StoreCrashContract extends StoreContract {
    private static final int ACCOUNTS = 20;
    private static final long BALANCE = 1000;
    private static final int KILL_AFTER = 300;

    private static final String WRITER = String.join("\n",
            "import io.eraft.api.store.*;",
            "import java.nio.ByteBuffer;",
            "import java.nio.file.Path;",
            "import java.util.SplittableRandom;",
            "public class CrashWriter {",
            "  static byte[] num(long v) { return ByteBuffer.allocate(8).putLong(v).array(); }",
            "  static byte[] acct(int i) { return String.format(\"acct-%02d\", i).getBytes(); }",
            "  static StoreProvider provider(String name) throws Exception {",
            "    Class<?> c = Class.forName(name);",
            "    for (java.lang.reflect.Method m : c.getMethods()) {",
            "      if (m.getName().equals(\"provider\") && m.getParameterCount() == 0",
            "          && java.lang.reflect.Modifier.isStatic(m.getModifiers())) {",
            "        return (StoreProvider) m.invoke(null);",
            "      }",
            "    }",
            "    return (StoreProvider) c.getConstructor().newInstance();",
            "  }",
            "  public static void main(String[] a) throws Exception {",
            "    StateMachineStore s = provider(a[0]).open(Path.of(a[1]));",
            "    WriteBatch init = new WriteBatch().put(\"seq\".getBytes(), num(0));",
            "    for (int i = 0; i < " + ACCOUNTS + "; i++) init.put(acct(i), num(" + BALANCE + "));",
            "    s.write(init.appliedIndex(0));",
            "    SplittableRandom r = new SplittableRandom(9);",
            "    for (long n = 1; n <= 1_000_000; n++) {",
            "      int from = r.nextInt(" + ACCOUNTS + "), to = (from + 1 + r.nextInt(" + (ACCOUNTS - 1) + ")) % "
                    + ACCOUNTS + ";",
            "      long amount = r.nextInt(50);",
            "      long f = ByteBuffer.wrap(s.get(acct(from))).getLong();",
            "      long t = ByteBuffer.wrap(s.get(acct(to))).getLong();",
            "      WriteBatch b = new WriteBatch().put(acct(from), num(f - amount)).put(acct(to), num(t + amount));",
            "      for (int pad = 0; pad < 20; pad++) b.put((\"pad-\" + pad).getBytes(), new byte[200]);",
            "      s.write(b.put(\"seq\".getBytes(), num(n)).appliedIndex(n));",
            "      if (n % 50 == 0) { System.out.println(n); System.out.flush(); }",
            "    }",
            "  }",
            "}");

    /**
     * This JVM's {@code --add-opens} and {@code --add-exports} of JDK packages (a provider's build sets them for
     * its tests, as LMDB's does for java.nio), given to the class path, where the writer runs the provider. Read
     * from the process's command line (the kit's tests may run inside io.eraft.api, which does not read
     * java.management).
     */
    private static List<String> systemModuleAccess() {
        List<String> args = ProcessHandle.current().info().arguments().map(List::of).orElse(List.of());
        List<String> out = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            for (String flag : List.of("--add-opens", "--add-exports")) {
                String value = arg.startsWith(flag + "=") ? arg.substring(flag.length() + 1)
                        : arg.equals(flag) && i + 1 < args.size() ? args.get(++i) : null;
                if (value != null && value.contains("/") && value.contains("=")) {
                    String module = value.substring(0, value.indexOf('/'));
                    if (ModuleFinder.ofSystem().find(module).isPresent()) {
                        out.add(flag);
                        out.add(value.substring(0, value.indexOf('=')) + "=ALL-UNNAMED");
                    }
                }
            }
        }
        return out;
    }

    /** Every jar and class directory of this test JVM, for the writer's class path. */
    private static String classPath() {
        return Stream.of(System.getProperty("jdk.module.path", ""), System.getProperty("java.class.path", ""))
                .flatMap(p -> Stream.of(p.split(File.pathSeparator)))
                .filter(p -> !p.isBlank())
                .collect(Collectors.joining(File.pathSeparator));
    }

    @Test
    void killedWriterLeavesOnlyWholeBatchesWithTheirAppliedIndex(@TempDir Path tmp)
            throws IOException, InterruptedException {
        StoreProvider provider = provider();
        Path dir = tmp.resolve("store");
        Path source = Files.writeString(tmp.resolve("CrashWriter.java"), WRITER);
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-cp", classPath()));
        command.addAll(systemModuleAccess());
        command.addAll(List.of(source.toString(), provider.getClass().getName(), dir.toString()));
        Process writer = new ProcessBuilder(command).redirectErrorStream(true).start();
        long acknowledged = 0;
        List<String> output = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(writer.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while (acknowledged < KILL_AFTER && (line = lines.readLine()) != null) {
                output.add(line);
                if (line.matches("\\d+")) {
                    acknowledged = Long.parseLong(line);
                }
            }
            writer.destroyForcibly();
            assertTrue(writer.waitFor(30, TimeUnit.SECONDS), "the writer did not die");
        } finally {
            writer.destroyForcibly();
        }
        assertTrue(acknowledged >= KILL_AFTER, "the writer stopped early: " + String.join("\n", output));

        try (StateMachineStore store = provider.open(dir)) {
            long index = store.appliedIndex();
            assertTrue(index >= acknowledged, "applied index " + index + " lost acknowledged batch "
                    + acknowledged);
            assertEquals(index, ByteBuffer.wrap(store.get(b("seq"))).getLong(),
                    "the applied index and the batch's own data disagree");
            long sum = 0;
            int count = 0;
            try (CloseableIterator<KeyValue> it = store.scanPrefix(b("acct-"))) {
                while (it.hasNext()) {
                    sum += ByteBuffer.wrap(it.next().value()).getLong();
                    count++;
                }
            }
            assertEquals(ACCOUNTS, count);
            assertEquals(ACCOUNTS * BALANCE, sum, "a batch was applied in part");
        }
    }
}
