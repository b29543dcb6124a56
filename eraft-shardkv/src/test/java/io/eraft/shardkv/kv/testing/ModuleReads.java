package io.eraft.shardkv.kv.testing;

import java.util.List;

/**
 * Lets the test code patched into {@code io.eraft.shardkv} use its test-scope provider modules directly (the
 * in-process network's fault injection, the memory log's simulated crash). Surefire makes the patched module read
 * only the unnamed module, so without these edges their classes are inaccessible. Main code never reads them.
 */
public final class ModuleReads {
    private static final List<String> TEST_MODULES = List.of("io.eraft.transport", "io.eraft.persister");

    private ModuleReads() {
    }

    /** Adds the read edges (idempotent; nothing to do on the class path). */
    public static void ensure() {
        Module self = ModuleReads.class.getModule();
        if (!self.isNamed()) {
            return;
        }
        ModuleLayer layer = self.getLayer() != null ? self.getLayer() : ModuleLayer.boot();
        for (String name : TEST_MODULES) {
            layer.findModule(name).ifPresent(self::addReads);
        }
    }
}
