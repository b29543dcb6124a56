package io.eraft.shardkv.replica;

import io.eraft.api.codec.Codec;
import io.eraft.api.codec.CodecException;
import io.eraft.api.command.Command;
import io.eraft.api.command.Get;
import io.eraft.shardkv.codec.ProtobufCodec;
import io.eraft.shardkv.kv.KvLimits;

/**
 * A write a clerk sent in the KV protocol, decoded and checked against the limits: either its command, or the
 * problem that makes it a bad request.
 *
 * <p>Internal: replica machinery shared by the kv, shard and ctrler packages; io.eraft.shardkv does not export it.
 *
 * @param encoded the command as the clerk encoded it (the protobuf codec's command encoding)
 * @param command the decoded command (also when it is refused for a problem), or null when it cannot be decoded
 * @param problem why the write is refused, or null
 */
public record ClientWrite(byte[] encoded, Command command, String problem) {
    /** The client protocol carries writes in the protobuf codec's command encoding, whatever the log's codec. */
    private static final ProtobufCodec WIRE = new ProtobufCodec();

    /** Decodes {@code encoded} and checks it is a write within {@code limits}. */
    public static ClientWrite decode(byte[] encoded, KvLimits limits) {
        Command command;
        try {
            command = WIRE.decodeCommand(encoded);
        } catch (CodecException e) {
            return new ClientWrite(encoded, null, e.getMessage());
        }
        if (command instanceof Get) {
            return new ClientWrite(encoded, command, "a Get is sent as a read, not as a write");
        }
        return new ClientWrite(encoded, command, limits.commandProblem(command));
    }

    /** The command in {@code logCodec}'s encoding: the clerk's bytes when the log speaks the wire codec. */
    public byte[] logEntry(Codec logCodec) {
        return logCodec.name().equals(WIRE.name()) ? encoded : logCodec.encodeCommand(command);
    }
}
