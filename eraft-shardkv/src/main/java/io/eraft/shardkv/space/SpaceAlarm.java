package io.eraft.shardkv.space;

/**
 * A server's space state as last measured, for status and for refusals.
 *
 * @param raised     writes that add data are refused
 * @param reason     why it is raised (names the setting and the measured value), or "" when it is not
 * @param freeBytes  the free space last measured, or -1 before the first measurement or when it could not be read
 * @param storeBytes the store's size last measured, or -1 before the first measurement
 */
public record SpaceAlarm(boolean raised, String reason, long freeBytes, long storeBytes) {
    /** Before the first measurement. */
    public static final SpaceAlarm UNMEASURED = new SpaceAlarm(false, "", -1, -1);

    public SpaceAlarm {
        reason = reason == null ? "" : reason;
    }
}
