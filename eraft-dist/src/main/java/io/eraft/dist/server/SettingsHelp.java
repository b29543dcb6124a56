package io.eraft.dist.server;

import io.eraft.api.settings.Setting;

import java.io.PrintWriter;
import java.util.List;

/** Prints settings for people: per group, one line a setting with key, type, default, allowed values, meaning. */
public final class SettingsHelp {
    private SettingsHelp() {
    }

    /** Prints {@code groups} to {@code out}, each under its title. */
    public static void print(List<SettingGroup> groups, PrintWriter out) {
        out.println("Settings (a line KEY=VALUE in the --config file, or --set KEY=VALUE; sizes in bytes with an "
                + "optional unit, e.g. 64MiB; durations with a unit, e.g. 150ms or 2s):");
        for (SettingGroup g : groups) {
            out.println();
            out.println(g.title() + ":");
            for (Setting<?> s : g.settings()) {
                out.println(line(s));
            }
        }
        out.flush();
    }

    /** {@code  key  (type, default D; allowed A): description}. */
    static String line(Setting<?> s) {
        String d = s.defaultText();
        return "  " + s.key() + "  (" + s.kind() + ", default " + (d.isEmpty() ? "none" : d) + "; allowed "
                + s.allowed() + "): " + s.description();
    }
}
