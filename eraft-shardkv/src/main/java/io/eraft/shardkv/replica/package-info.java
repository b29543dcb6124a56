/**
 * Code the replicated services (KV groups, the shard controller, shard groups) share: snapshot install, failure
 * replies and client-write checks. Not exported.
 */
package io.eraft.shardkv.replica;
