/**
 * The space quota and NOSPACE alarm, as etcd's: a {@link io.eraft.shardkv.space.SpaceMonitor} watches, on a timer,
 * the free space of a server's data directory and the size of its store against {@link
 * io.eraft.shardkv.space.SpaceSettings}; while the alarm is raised the server refuses writes that add data, before
 * the disk is full, and it clears by itself once space is back.
 */
package io.eraft.shardkv.space;
