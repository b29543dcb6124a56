package io.eraft.persister.segment;

import java.util.List;

/**
 * The disk work of one mutating call, in order. {@code seq} numbers calls from 1 upwards; a slot written by call
 * {@code seq} is readable from its file once the writer has written every call up to {@code seq}.
 */
record WriteBatch(long seq, List<WriteOp> ops) {
}
