package io.eraft.shardkv.codec;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import io.eraft.api.codec.Codec;
import io.eraft.api.codec.CodecException;
import io.eraft.api.command.Append;
import io.eraft.api.command.Command;
import io.eraft.api.command.CompareAndSet;
import io.eraft.api.command.Delete;
import io.eraft.api.command.Get;
import io.eraft.api.command.Put;
import io.eraft.api.store.KeyValue;
import io.eraft.shardkv.proto.AppendOp;
import io.eraft.shardkv.proto.CasOp;
import io.eraft.shardkv.proto.CommandProto;
import io.eraft.shardkv.proto.DeleteOp;
import io.eraft.shardkv.proto.GetOp;
import io.eraft.shardkv.proto.PutOp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Iterator;

/** The default codec ({@code protobuf}): commands as {@code CommandProto}, snapshots as {@link ProtobufSnapshots}. */
public final class ProtobufCodec implements Codec {
    public static final String NAME = "protobuf";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public byte[] encodeCommand(Command command) {
        CommandProto.Builder b = CommandProto.newBuilder()
                .setClientId(command.clientId())
                .setSequence(command.sequence());
        if (command instanceof Get g) {
            b.setGet(GetOp.newBuilder().setKey(wrap(g.key())));
        } else if (command instanceof Put p) {
            b.setPut(PutOp.newBuilder().setKey(wrap(p.key())).setValue(wrap(p.value())));
        } else if (command instanceof Append a) {
            b.setAppend(AppendOp.newBuilder().setKey(wrap(a.key())).setSuffix(wrap(a.suffix())));
        } else if (command instanceof Delete d) {
            b.setDelete(DeleteOp.newBuilder().setKey(wrap(d.key())));
        } else if (command instanceof CompareAndSet c) {
            CasOp.Builder cas = CasOp.newBuilder().setKey(wrap(c.key())).setNewValue(wrap(c.newValue()));
            if (c.expected() != null) {
                cas.setExpected(wrap(c.expected()));
            }
            b.setCas(cas);
        } else {
            throw new IllegalArgumentException("unsupported command type " + command.getClass().getName());
        }
        return b.build().toByteArray();
    }

    @Override
    public Command decodeCommand(byte[] bytes) {
        CommandProto p;
        try {
            p = CommandProto.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new CodecException("corrupt command (" + bytes.length + " bytes): " + e.getMessage(), e);
        }
        long client = p.getClientId();
        long seq = p.getSequence();
        switch (p.getOpCase()) {
            case GET:
                return new Get(client, seq, p.getGet().getKey().toByteArray());
            case PUT:
                return new Put(client, seq, p.getPut().getKey().toByteArray(), p.getPut().getValue().toByteArray());
            case APPEND:
                return new Append(client, seq, p.getAppend().getKey().toByteArray(),
                        p.getAppend().getSuffix().toByteArray());
            case DELETE:
                return new Delete(client, seq, p.getDelete().getKey().toByteArray());
            case CAS:
                CasOp c = p.getCas();
                return new CompareAndSet(client, seq, c.getKey().toByteArray(),
                        c.hasExpected() ? c.getExpected().toByteArray() : null, c.getNewValue().toByteArray());
            case OP_NOT_SET:
            default:
                throw new CodecException("command has no known operation (unknown field numbers: "
                        + p.getUnknownFields().asMap().keySet() + "); was it written by a newer version?");
        }
    }

    @Override
    public void writeSnapshot(long appliedIndex, Iterator<KeyValue> entries, OutputStream out) throws IOException {
        ProtobufSnapshots.write(appliedIndex, entries, out);
    }

    @Override
    public SnapshotReader readSnapshot(InputStream in) throws IOException {
        return ProtobufSnapshots.read(in);
    }

    private static ByteString wrap(byte[] b) {
        return UnsafeByteOperations.unsafeWrap(b);
    }
}
