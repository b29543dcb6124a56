package io.eraft.raft.testing;

import java.util.List;

/**
 * Lets the patched test code of {@code io.eraft.raft} use its test-scope provider modules. Surefire puts the
 * in-process transport and the persister on the module path but makes {@code io.eraft.raft} read only the unnamed
 * module, so without this edge their classes are inaccessible (IllegalAccessError). Main code never reads them: it
 * finds logs and transports through ServiceLoader.
 */
final class ModuleReads {
    private static final List<String> TEST_MODULES = List.of("io.eraft.transport", "io.eraft.persister");

    private ModuleReads() {
    }

    /** Adds the read edges (idempotent; nothing to do on the class path). */
    static void ensure() {
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
