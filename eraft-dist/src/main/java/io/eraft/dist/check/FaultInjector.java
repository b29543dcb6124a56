package io.eraft.dist.check;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Injects one fault at a time into a {@link LocalServers} group until stopped: waits a moment, takes the next fault
 * of a seeded shuffle of the chosen ones (so each kind comes in turn) and a server at random, holds the fault a
 * moment, heals it. Records what it did, and as problems what must not
 * happen: a server that does not come back after a restart (a torn tail must be cut, not refused), and a forged Raft
 * message that was not refused or moved the group's term. The group's highest term while a foreign node acted is
 * noted.
 */
final class FaultInjector implements Runnable {
    private final LocalServers servers;
    private final List<Fault> faults;
    private final Random random;
    private final Supplier<Long> maxTerm;
    private final ForgedMessages.Sender forger;
    /**
     * How far the highest term may move while forged messages are sent before it counts as moved by them: elections
     * of a loaded group move it by a few, the forged heartbeat's term (2^63-1) by far more. The forgeries with the
     * next term look like one election; they are judged by their answers.
     */
    static final long TERM_JUMP = 100;
    /** How long a restarted server may take to serve again (a slow, loaded machine included). */
    static final long RESTART_LIMIT_MILLIS = 120_000;

    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<String> done = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    /**
     * @param maxTerm the highest term any server reports now (or -1 when none answers)
     * @param forger  sends the forged Raft messages of {@link Fault#FORGED} to every server
     */
    FaultInjector(LocalServers servers, Set<Fault> faults, long seed, Supplier<Long> maxTerm,
                  ForgedMessages.Sender forger) {
        this.servers = servers;
        this.random = new Random(seed);
        List<Fault> order = new ArrayList<>(faults);
        java.util.Collections.shuffle(order, random);
        this.faults = List.copyOf(order);
        this.maxTerm = maxTerm;
        this.forger = forger;
    }

    void stop() {
        stop.set(true);
    }

    synchronized List<String> done() {
        return List.copyOf(done);
    }

    synchronized List<String> problems() {
        return List.copyOf(problems);
    }

    synchronized List<String> notes() {
        return List.copyOf(notes);
    }

    @Override
    public void run() {
        if (faults.isEmpty()) {
            return;
        }
        try {
            for (int round = 0; !stop.get(); round++) {
                pause(1_500 + random.nextInt(1_500));
                if (stop.get()) {
                    return;
                }
                Fault f = faults.get(round % faults.size());
                int node = random.nextInt(servers.size());
                inject(f, node);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            synchronized (this) {
                problems.add("could not inject a fault: " + e);
            }
        }
    }

    private void inject(Fault f, int node) throws IOException, InterruptedException {
        String id = LocalServers.id(node);
        long hold = 1_000 + random.nextInt(2_000);
        switch (f) {
            case KILL -> {
                servers.kill(node);
                pause(hold);
                int served = servers.servingCount(node);
                servers.start(node);
                expectServing(node, served, "restarted after kill -9");
            }
            case PAUSE -> {
                servers.pause(node, true);
                pause(hold);
                servers.pause(node, false);
            }
            case PARTITION -> {
                servers.isolate(node, true);
                pause(hold);
                servers.isolate(node, false);
            }
            case DAMAGE_TAIL -> {
                servers.kill(node);
                byte[] garbage = ("torn-" + random.nextInt(1000)).getBytes(StandardCharsets.US_ASCII);
                servers.tearLogTail(node, garbage);
                int served = servers.servingCount(node);
                servers.start(node);
                expectServing(node, served, "restarted after its log tail was torn");
            }
            case FOREIGN -> {
                servers.startForeign();
                boolean up = servers.awaitForeignServing(30_000);
                pause(500);
                long before = maxTerm.get();
                pause(hold + 2_000);
                long after = maxTerm.get();
                servers.stopForeign();
                synchronized (this) {
                    notes.add(up ? "foreign node served for " + (hold + 2_000) + " ms: highest term of the group "
                            + before + " -> " + after : "the foreign node did not start within 30 s");
                }
            }
            case FORGED -> forge(hold);
            default -> throw new IllegalStateException(f.toString());
        }
        synchronized (this) {
            done.add(f == Fault.FOREIGN || f == Fault.FORGED ? f.label() : f.label() + " " + id);
        }
    }

    /**
     * Sends the forged messages to every server, waits {@code hold} ms and notes how many were refused and the
     * group's highest term before and after; a message that was answered or failed otherwise than access denied, and
     * a term that jumped, are problems.
     */
    private void forge(long hold) throws InterruptedException {
        long before = maxTerm.get();
        ForgedMessages.Outcome o;
        try {
            o = forger.send(Math.max(before, 1));
        } catch (RuntimeException e) {
            synchronized (this) {
                problems.add("forged: could not send the crafted Raft messages: " + e);
            }
            return;
        }
        pause(hold);
        long after = maxTerm.get();
        synchronized (this) {
            notes.add("forged: " + o.sent() + " crafted Raft messages sent, " + o.refused() + " refused; highest term "
                    + before + " -> " + after);
            o.answered().forEach(a -> problems.add("forged: a server accepted " + a));
            o.failed().forEach(a -> problems.add("forged: not refused as access denied: " + a));
            if (before >= 0 && after - before > TERM_JUMP) {
                problems.add("forged: the group's highest term jumped from " + before + " to " + after
                        + " while crafted Raft messages were sent");
            }
        }
    }

    /**
     * Waits until a restarted server serves again (its log says so once more than the {@code servedBefore} times it
     * did), also when the run is ending, so that every restart is judged and its recovery is in its log: a server
     * that exits, or does not serve within {@link #RESTART_LIMIT_MILLIS}, is a problem.
     */
    private void expectServing(int node, int servedBefore, String what) throws InterruptedException {
        long end = System.currentTimeMillis() + RESTART_LIMIT_MILLIS;
        while (servers.servingCount(node) <= servedBefore) {
            Integer exit = servers.exitStatus(node);
            if (exit != null || System.currentTimeMillis() > end) {
                synchronized (this) {
                    problems.add(LocalServers.id(node) + " " + what + (exit != null ? " exited with status " + exit
                            : " did not serve within " + RESTART_LIMIT_MILLIS / 1000 + " s") + ": "
                            + servers.logTail(node));
                }
                stop.set(true);
                return;
            }
            Thread.sleep(100);
        }
    }

    private void pause(long millis) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        while (!stop.get() && System.currentTimeMillis() < end) {
            Thread.sleep(Math.min(100, Math.max(1, end - System.currentTimeMillis())));
        }
    }
}
