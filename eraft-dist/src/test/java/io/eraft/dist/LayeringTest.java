package io.eraft.dist;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The build's layering rule: Raft and ShardKV reach stores, transports and the persister only through
 * io.eraft.api (ServiceLoader), never by {@code requires}. Checked on the compiled module descriptors of the
 * reactor, so it also catches a {@code requires static} or {@code transitive} that a source grep could miss.
 */
class LayeringTest {
    @ParameterizedTest(name = "{0} requires only the JDK and [{2}]")
    @CsvSource(delimiter = '|', value = {
        "eraft-raft    | io.eraft.raft    | io.eraft.api com.google.protobuf org.slf4j",
        "eraft-shardkv | io.eraft.shardkv | io.eraft.api com.google.protobuf org.slf4j",
        "eraft-api     | io.eraft.api     | ''"})
    void layeredModuleRequiresOnlyTheApi(String dir, String moduleName, String allowedList) throws IOException {
        Set<String> allowed = Set.of(allowedList.isBlank() ? new String[0] : allowedList.trim().split("\\s+"));
        ModuleDescriptor d = descriptor(dir);
        assertEquals(moduleName, d.name());
        Set<String> forbidden = new TreeSet<>();
        for (ModuleDescriptor.Requires r : d.requires()) {
            String n = r.name();
            if (!n.startsWith("java.") && !n.startsWith("jdk.") && !allowed.contains(n)) {
                forbidden.add(n);
            }
        }
        assertTrue(forbidden.isEmpty(), dir + " must reach stores, transports and logs only through io.eraft.api "
                + "SPIs (ServiceLoader), but its module-info requires " + forbidden);
    }

    private static ModuleDescriptor descriptor(String moduleDir) throws IOException {
        Path file = Path.of("..", moduleDir, "target", "classes", "module-info.class");
        assertTrue(Files.isRegularFile(file), file.toAbsolutePath().normalize()
                + " is missing: run the layering check from the reactor root (./mvnw verify)");
        try (InputStream in = Files.newInputStream(file)) {
            return ModuleDescriptor.read(in);
        }
    }
}
