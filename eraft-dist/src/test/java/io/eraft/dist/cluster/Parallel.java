package io.eraft.dist.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.IntFunction;

/** Runs indexed work on a few worker threads, each with its own state (e.g. a clerk). */
final class Parallel {
    private Parallel() {
    }

    /**
     * Calls {@code work(state, i)} for every i in [0, count) on {@code workers} threads; each thread makes its state
     * once with {@code state(worker)}. Waits at most {@code timeoutSeconds}.
     */
    static <S> void forEach(int workers, int count, IntFunction<S> state, BiConsumer<S, Integer> work,
                            long timeoutSeconds) throws Exception {
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                int worker = w;
                done.add(pool.submit(() -> {
                    S s = state.apply(worker);
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        work.accept(s, i);
                    }
                }));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            for (Future<?> f : done) {
                f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
