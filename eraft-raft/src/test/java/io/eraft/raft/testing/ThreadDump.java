package io.eraft.raft.testing;

import java.util.Comparator;
import java.util.Map;

/** Every thread's name, state and stack, for telling a hang from slowness when progress never comes. */
final class ThreadDump {
    private ThreadDump() {
    }

    static String all() {
        StringBuilder out = new StringBuilder("thread dump:\n");
        Thread.getAllStackTraces().entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<Thread, StackTraceElement[]> e) -> e.getKey().getName()))
                .forEach(e -> {
                    out.append('"').append(e.getKey().getName()).append("\" ").append(e.getKey().getState())
                            .append('\n');
                    for (StackTraceElement frame : e.getValue()) {
                        out.append("    at ").append(frame).append('\n');
                    }
                });
        return out.toString();
    }
}
