package io.eraft.shardkv.kv;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import io.eraft.api.store.StoreCorruptedException;
import io.eraft.shardkv.proto.SessionRecord;

/**
 * What the state machine remembers about one client: its last applied write and the reply it got, so a retry of
 * that write is answered from here instead of applied again.
 *
 * @param clientId     the client
 * @param lastSequence the sequence number of its last applied write
 * @param lastIndex    the log index that write was applied at; the session expires a fixed number of log entries
 *                     after it
 * @param reply        the encoded reply of that write (owned by the session, never changed)
 */
record Session(long clientId, long lastSequence, long lastIndex, byte[] reply) {

    byte[] encode() {
        return SessionRecord.newBuilder().setLastSequence(lastSequence).setLastIndex(lastIndex)
                .setReply(UnsafeByteOperations.unsafeWrap(reply)).build().toByteArray();
    }

    /** @throws StoreCorruptedException when {@code bytes} is not a session record */
    static Session decode(long clientId, byte[] bytes) {
        try {
            SessionRecord r = SessionRecord.parseFrom(bytes);
            ByteString reply = r.getReply();
            return new Session(clientId, r.getLastSequence(), r.getLastIndex(), reply.toByteArray());
        } catch (InvalidProtocolBufferException e) {
            throw new StoreCorruptedException("the session record of client " + Long.toUnsignedString(clientId)
                    + " (" + bytes.length + " bytes) cannot be decoded: " + e.getMessage(), e);
        }
    }

    /** Whether this session has been idle for {@code ttlEntries} log entries at index {@code index}. */
    boolean expiredAt(long index, long ttlEntries) {
        return index - lastIndex >= ttlEntries;
    }
}
