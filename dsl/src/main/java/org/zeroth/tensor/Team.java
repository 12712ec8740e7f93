package org.zeroth.tensor;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The threads that work on {@link Chunks}' chunks and {@link Gemm}'s blocks: the calling thread and one helper per
 * other core. Tasks are claimed one at a time from a shared counter, so the caller never waits for a task nobody
 * has started: on a busy core a helper simply claims less. A helper keeps looking for work for {@link #SPIN_NANOS}
 * after its last task before it parks, and the caller looks as long for its helpers' last tasks to end: waking a
 * parked thread took 15–40 µs here (the common fork-join pool's), what one dsdot over 10⁶ floats costs, so work
 * arriving in quick succession never reached the second core. Both look between {@code Thread.yield()}s, which
 * hand the core to any other thread that wants it: with a plain spin and another process busy on the second core,
 * jobs of 4·10⁶ elements waited up to 4 ms (1 in 100) for a helper descheduled in the middle of a task. But a
 * yield on a core another process keeps busy hands it that core until the scheduler's next turn (up to a tick, 4 ms
 * here), and a helper that yields there takes almost no part in back-to-back jobs, where a parked one is woken in
 * tens of µs; so a helper whose yield lost its core parks at once for a while ({@link Idle}).
 * The caller runs task 0 before it claims others, so that a job cut in one part per thread ({@link NativeLoops})
 * finds each part in the cache of the core that worked it last time; a helper that finds itself on the caller's
 * core moves off it ({@link Cpus}). One job at a time: a call that finds the team busy (another thread's job, or a
 * call from inside a task) runs its tasks on its own thread.
 */
final class Team {
    /** How long a helper spins before it parks, and the caller before it parks for its helpers. */
    static final long SPIN_NANOS = 50_000;
    static final int HELPERS = Math.max(0, Runtime.getRuntime().availableProcessors() - 1);

    private static final AtomicReference<Job> CURRENT = new AtomicReference<>();
    private static final ThreadLocal<Boolean> ALONE = ThreadLocal.withInitial(() -> false);
    private static final Helper[] TEAM = start();

    private Team() {
    }

    /** Runs {@code task} once for each of 0, …, count − 1, on this thread and the helpers; rethrows a failure. */
    static void forEach(int count, IntConsumer task) {
        Job job = count <= 1 || TEAM.length == 0 || ALONE.get() ? null : new Job(count, task);
        if (job == null || !CURRENT.compareAndSet(null, job)) {
            for (int c = 0; c < count; c++) {
                task.accept(c);
            }
            return;
        }
        try {
            for (Helper helper : TEAM) {
                if (helper.parked) {
                    LockSupport.unpark(helper);
                }
            }
            job.run(0); // the caller's own task: the same part of the data on the same core call after call
            job.work();
            job.awaitTasks();
        } finally {
            CURRENT.compareAndSet(job, null);
        }
        Throwable failure = job.failure.get();
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }

    /**
     * Whether other threads keep the cores of all the helpers busy (each lost its core to a yield within {@link
     * Idle#PARK_AT_ONCE_NANOS}): a helper then joins a job late (tens of µs) or after a tick, and a job of a few
     * tens of µs runs best on the caller alone (y *= x over 10⁶ floats with a busy loop on the other core: 72 µs
     * alone against 79–85 in 2–16 parts; bench/README.md, "The caller alone while the helpers' cores are busy").
     * False without helpers.
     */
    static boolean helpersBusyElsewhere() {
        for (Helper helper : TEAM) {
            if (!helper.idle.parksAtOnce()) {
                return false;
            }
        }
        return TEAM.length > 0;
    }

    /** {@code work}'s result with every {@link #forEach} inside it run on the calling thread alone (tests, probes). */
    static <T> T alone(Supplier<T> work) {
        boolean was = ALONE.get();
        ALONE.set(true);
        try {
            return work.get();
        } finally {
            ALONE.set(was);
        }
    }

    private static final class Job {
        private static final AtomicInteger IDS = new AtomicInteger();

        final int id = IDS.incrementAndGet();
        final int callerCpu = Cpus.of();
        final int count;
        final IntConsumer task;
        final AtomicInteger next = new AtomicInteger(1); // task 0 is the caller's
        final AtomicInteger unfinished;
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        volatile Thread waiter;

        Job(int count, IntConsumer task) {
            this.count = count;
            this.task = task;
            this.unfinished = new AtomicInteger(count);
        }

        /** Claims and runs tasks until none is left; after a failure the rest are claimed and skipped. */
        void work() {
            for (int c = next.getAndIncrement(); c < count; c = next.getAndIncrement()) {
                run(c);
            }
        }

        /** Runs task c unless a task has failed; the last task to end wakes the waiting caller. */
        void run(int c) {
            try {
                if (failure.get() == null) {
                    task.accept(c);
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            } finally {
                if (unfinished.decrementAndGet() == 0 && waiter != null) {
                    LockSupport.unpark(waiter);
                }
            }
        }

        /** Waits for the tasks the helpers hold: looking (between yields) first, then parked until the last ends. */
        void awaitTasks() {
            long start = System.nanoTime();
            while (unfinished.get() != 0) {
                if (System.nanoTime() - start < SPIN_NANOS) {
                    Thread.yield();
                } else {
                    waiter = Thread.currentThread();
                    if (unfinished.get() != 0) {
                        LockSupport.park(this);
                    }
                }
            }
        }
    }

    private static final class Helper extends Thread {
        volatile boolean parked;
        final Idle idle = new Idle(System::nanoTime, Thread::yield);

        Helper(int index) {
            super("zeroth-team-" + index);
            setDaemon(true);
            setContextClassLoader(Team.class.getClassLoader()); // not that of the thread that first used the team
        }

        @Override
        public void run() {
            int last = 0;
            while (true) {
                int worked = workOnNewJob(last);
                if (worked != 0) {
                    last = worked;
                    idle.restart();
                } else if (!idle.yieldUnlessParking()) {
                    parked = true;
                    if (!hasNewJob(last)) {
                        LockSupport.park(this);
                    }
                    parked = false;
                    idle.restart();
                }
            }
        }

        /** Works on the posted job unless it is the last one; returns its id, or 0. Keeps no reference to it. */
        private static int workOnNewJob(int last) {
            Job job = CURRENT.get();
            if (job == null || job.id == last) {
                return 0;
            }
            Cpus.leaveIfOn(job.callerCpu); // a helper on the caller's core would only take turns with it
            job.work();
            return job.id;
        }

        private static boolean hasNewJob(int last) {
            Job job = CURRENT.get();
            return job != null && job.id != last;
        }
    }

    /**
     * How a helper waits for work: between yields for {@link Team#SPIN_NANOS} after its last task or wake-up, then
     * parked; but parked at once for {@link #PARK_AT_ONCE_NANOS} after a yield that kept it off its core for {@link
     * #LOST_CORE_NANOS}, a sign that another thread keeps that core busy. With a busy loop on the helper's core, the
     * loops over 10⁷ floats then took 12–17 % less time on average (Σx² 0.67 ms against 0.80); on a quiet machine
     * the same (bench/README.md, "A helper that lost its core").
     */
    static final class Idle {
        static final long LOST_CORE_NANOS = 1_000_000;
        static final long PARK_AT_ONCE_NANOS = 30_000_000;

        private final LongSupplier clock;
        private final Runnable yield;
        private long since;
        private volatile long parkAtOnceUntil; // read by callers too: parksAtOnce

        /** {@code clock} in nanoseconds ({@code System::nanoTime}); {@code yield} gives the core away once. */
        Idle(LongSupplier clock, Runnable yield) {
            this.clock = clock;
            this.yield = yield;
            since = clock.getAsLong();
            parkAtOnceUntil = since;
        }

        /** Whether this helper lost its core within the last {@link #PARK_AT_ONCE_NANOS}; any thread may ask. */
        boolean parksAtOnce() {
            return clock.getAsLong() - parkAtOnceUntil < 0;
        }

        /** A task ended, or the helper was woken: it may look for work between yields again. */
        void restart() {
            since = clock.getAsLong();
        }

        /** Yields once, to look for work again after, and returns true; or returns false: time to park. */
        boolean yieldUnlessParking() {
            long now = clock.getAsLong();
            if (now - since >= SPIN_NANOS || now - parkAtOnceUntil < 0) {
                return false;
            }
            yield.run();
            long after = clock.getAsLong();
            if (after - now >= LOST_CORE_NANOS) {
                parkAtOnceUntil = after + PARK_AT_ONCE_NANOS;
            }
            return true;
        }
    }

    private static Helper[] start() {
        Helper[] team = new Helper[HELPERS];
        for (int i = 0; i < team.length; i++) {
            team[i] = new Helper(i + 1);
            team[i].start();
        }
        return team;
    }
}
