package io.eraft.transport.inprocess;

/**
 * A task for a node's {@link DeliveryLoop}. When the node closes before the task runs, the loop's owner calls
 * {@link #abort()} instead of {@link #run()}, so whoever waits on the task learns of it.
 */
interface Delivery extends Runnable {

    /** Called instead of {@link #run()} when the node closed first. */
    void abort();
}
