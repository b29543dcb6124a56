package io.eraft.shardkv.kv.scenario;

import java.util.function.BooleanSupplier;

/** One scenario client: runs operations until told to stop, then checks what it can. */
interface ClientWorker {
    /** Runs operations until {@code stop} says so; throws on a wrong answer or a failed operation. */
    void runUntil(BooleanSupplier stop);

    /** After a round, with the network healed and every server up: checks the client's view of the data. */
    void verify();
}
