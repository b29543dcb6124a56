package io.eraft.persister.core;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;

/** Makes threads that start their work only once {@link #open()} is called, so tests can queue work first. */
public final class GatedThreads implements ThreadFactory {
    private final CountDownLatch gate = new CountDownLatch(1);

    @Override
    public Thread newThread(Runnable work) {
        return new Thread(() -> {
            boolean interrupted = false;
            while (true) {
                try {
                    gate.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            work.run();
        });
    }

    public void open() {
        gate.countDown();
    }
}
