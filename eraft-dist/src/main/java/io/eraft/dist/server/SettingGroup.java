package io.eraft.dist.server;

import io.eraft.api.settings.Setting;

import java.util.List;

/**
 * Settings shown together in {@code eraft server --help-settings}.
 *
 * @param title    what they set, e.g. {@code raft} or {@code store (lmdb)}
 * @param settings the settings, under the keys a server reads
 */
public record SettingGroup(String title, List<Setting<?>> settings) {
    public SettingGroup {
        settings = List.copyOf(settings);
    }
}
