package io.eraft.dist.plugins;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Grants a plugin's modules native access on Java 22 and newer ({@code ModuleLayer.Controller.enableNativeAccess},
 * called reflectively: the code is compiled for Java 17, which has no such method and needs no grant), so a plugin
 * that loads a native library (RocksDB's JNI) runs without the runtime's restricted-method warning.
 */
final class NativeAccess {
    private static final Method ENABLE = find();

    private NativeAccess() {
    }

    static void enableFor(ModuleLayer.Controller controller) {
        if (ENABLE == null) {
            return;
        }
        for (Module module : controller.layer().modules()) {
            try {
                ENABLE.invoke(controller, module);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot grant native access to " + module.getName() + ": " + e, e);
            }
        }
    }

    private static Method find() {
        try {
            return ModuleLayer.Controller.class.getMethod("enableNativeAccess", Module.class);
        } catch (NoSuchMethodException olderRuntime) {
            return null;
        }
    }
}
