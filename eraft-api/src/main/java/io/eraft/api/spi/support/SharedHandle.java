package io.eraft.api.spi.support;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A native handle shared by concurrent users. The owner holds one reference from construction; every user takes
 * one with {@link #tryAcquire()} and gives it back with {@link #release()}. The owner gives up its reference with
 * {@link #retire(Runnable)}; the handle is closed by whichever thread drops the last reference, so no reader ever
 * touches a closed native object.
 *
 * @param <T> the handle's type
 */
public final class SharedHandle<T> {
    private final T handle;
    private final Consumer<T> closer;
    private final AtomicInteger refs = new AtomicInteger(1);
    private volatile Runnable afterClose = () -> { };

    /**
     * Wraps {@code handle}, holding the owner's reference.
     *
     * @param closer closes the handle once the last reference is dropped
     */
    public SharedHandle(T handle, Consumer<T> closer) {
        this.handle = Objects.requireNonNull(handle, "handle");
        this.closer = Objects.requireNonNull(closer, "closer");
    }

    /** The handle; use it only while holding a reference. */
    public T get() {
        return handle;
    }

    /** Takes a reference; false when the handle is already closed (or closing). */
    public boolean tryAcquire() {
        while (true) {
            int n = refs.get();
            if (n == 0) {
                return false;
            }
            if (refs.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** Gives back a reference taken with {@link #tryAcquire()}. */
    public void release() {
        if (refs.decrementAndGet() == 0) {
            try {
                closer.accept(handle);
            } finally {
                afterClose.run();
            }
        }
    }

    /** The owner gives up its reference, once; {@code afterClose} runs after the handle has been closed. */
    public void retire(Runnable afterClose) {
        this.afterClose = Objects.requireNonNull(afterClose, "afterClose");
        release();
    }
}
