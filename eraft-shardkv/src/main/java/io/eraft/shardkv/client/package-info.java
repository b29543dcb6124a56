/**
 * The client a Java application embeds: {@link io.eraft.shardkv.client.EraftClient} connects to one KV group or to
 * a sharded cluster by the servers' addresses, with timeouts and optional mutual TLS, and offers get, put, append,
 * delete and compare-and-set, blocking and asynchronous. The transport is found with {@link java.util.ServiceLoader}
 * ({@code netty} by default), so an application's module path holds {@code io.eraft.api}, {@code io.eraft.shardkv}
 * (with protobuf and slf4j) and a transport provider such as {@code io.eraft.transport}.
 */
package io.eraft.shardkv.client;
