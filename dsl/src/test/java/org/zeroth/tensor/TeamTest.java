package org.zeroth.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The team's contract, each sequence repeated many times (races show up as a wrong count, not by luck): every task
 * runs once, the caller returns only after all have ended, a failure comes back to the caller, calls from several
 * threads or from inside a task run their own tasks. The timeouts only stop a hang (a lost wake-up); nothing is timed.
 */
@Timeout(120)
class TeamTest {
    private static final String HELPER = "zeroth-team-";

    @Test
    void everyTaskRunsOnceAndTheHelpersTakePart() {
        for (int job = 0; job < 3000; job++) {
            int count = 2 + job % 37;
            AtomicIntegerArray runs = new AtomicIntegerArray(count);
            CountDownLatch helperTook = new CountDownLatch(1);
            Team.forEach(count, c -> {
                runs.incrementAndGet(c);
                meet(helperTook);
                busy(2_000);
            });
            for (int c = 0; c < count; c++) {
                assertEquals(1, runs.get(c), "job " + job + ", task " + c + " of " + count);
            }
        }
    }

    @Test
    void theCallerReturnsOnlyAfterTheHelpersTasksEnded() {
        assumeTrue(Team.HELPERS > 0, "one core: no helpers");
        for (int job = 0; job < 400; job++) {
            long[] done = new long[4];
            CountDownLatch helperTook = new CountDownLatch(1);
            // A helper's task outlasts the caller's spin (SPIN_NANOS), so the caller parks and must be woken.
            Team.forEach(4, c -> {
                busy(meet(helperTook) ? 3 * Team.SPIN_NANOS : 20_000);
                done[c] = c + 1;
            });
            for (int c = 0; c < 4; c++) {
                assertEquals(c + 1, done[c], "job " + job + ": task " + c + " had not ended (or is not visible)");
            }
        }
    }

    /** A clock the test moves: by hand, and by each yield as long as that yield is made to last. */
    private static final class Clock {
        long now;
        long yieldTakes;
        int yields;

        Clock(long now) {
            this.now = now;
        }

        Team.Idle idle() {
            return new Team.Idle(() -> now, () -> {
                yields++;
                now += yieldTakes;
            });
        }
    }

    @Test
    void aHelperYieldsForAWhileAfterItsLastTaskThenParks() {
        for (long origin : new long[] {1L << 40, -(1L << 40)}) { // nanoTime may be negative: only differences count
            Clock clock = new Clock(origin);
            clock.yieldTakes = 1_000;
            Team.Idle idle = clock.idle();
            int looks = 0;
            while (looks <= Team.SPIN_NANOS && idle.yieldUnlessParking()) { // bounded: a clock that stands still
                looks++;
            }
            assertEquals(Team.SPIN_NANOS / 1_000, looks, "one yield per look while SPIN_NANOS last");
            assertEquals(looks, clock.yields);
            clock.now += 5 * Team.SPIN_NANOS;
            idle.restart(); // a task ended, or the helper was woken
            assertTrue(idle.yieldUnlessParking());
        }
    }

    @Test
    void aHelperWhoseYieldLostItsCoreParksAtOnceForAWhile() {
        // the second start has the clock wrap past Long.MAX_VALUE within the while: only differences count
        for (long start : new long[] {-(1L << 40), Long.MAX_VALUE - Team.Idle.PARK_AT_ONCE_NANOS / 2}) {
            Clock clock = new Clock(start);
            Team.Idle idle = clock.idle();
            clock.yieldTakes = Team.Idle.LOST_CORE_NANOS - 1; // a shorter turn for another thread
            assertTrue(idle.yieldUnlessParking());
            idle.restart(); // (a task just ended, so that only the yield's length counts)
            assertTrue(idle.yieldUnlessParking(), "a yield shorter than LOST_CORE_NANOS changes nothing");
            assertFalse(idle.parksAtOnce());
            clock.yieldTakes = Team.Idle.LOST_CORE_NANOS;
            idle.restart();
            assertTrue(idle.yieldUnlessParking());
            long back = clock.now;
            int yields = clock.yields;
            idle.restart();
            assertFalse(idle.yieldUnlessParking(), "a yield that lost the core for 1 ms: park at once");
            assertEquals(yields, clock.yields, "and without yielding");
            assertTrue(idle.parksAtOnce(), "which callers see");
            clock.yieldTakes = 10;
            clock.now = back + Team.Idle.PARK_AT_ONCE_NANOS - 1;
            idle.restart(); // woken for a job just before the while ends, its task done: still parks at once
            assertFalse(idle.yieldUnlessParking());
            assertTrue(idle.parksAtOnce());
            clock.now++;
            assertFalse(idle.parksAtOnce());
            idle.restart();
            assertTrue(idle.yieldUnlessParking(), "after PARK_AT_ONCE_NANOS it yields again");
            assertTrue(idle.yieldUnlessParking(), "and short yields change nothing");
        }
    }

    @Test
    void parkedHelpersAreWokenForTheNextJob() throws InterruptedException {
        assumeTrue(Team.HELPERS > 0, "one core: no helpers");
        for (int job = 0; job < 200; job++) {
            Thread.sleep(1); // far past SPIN_NANOS: the helpers have parked, and only the next job unparks them
            CountDownLatch helperTook = new CountDownLatch(1);
            Team.forEach(2, c -> {
                meet(helperTook);
                busy(20_000);
            });
        }
    }

    @Test
    void aFailureComesBackToTheCallerAndTheTeamGoesOn() {
        for (int job = 0; job < 500; job++) {
            int failing = job % 8;
            AtomicIntegerArray runs = new AtomicIntegerArray(8);
            IllegalStateException thrown = new IllegalStateException("task " + failing);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> Team.forEach(8, c -> {
                runs.incrementAndGet(c);
                busy(1_000);
                if (c == failing) {
                    throw thrown;
                }
            }));
            assertSame(thrown, e, "the task's own exception");
            for (int c = 0; c < 8; c++) {
                assertTrue(runs.get(c) <= 1, "task " + c + " ran twice");
            }
            AtomicIntegerArray after = new AtomicIntegerArray(8);
            Team.forEach(8, after::incrementAndGet);
            for (int c = 0; c < 8; c++) {
                assertEquals(1, after.get(c), "the next job, task " + c);
            }
        }
        assertThrows(OutOfMemoryError.class, () -> Team.forEach(4, c -> {
            throw new OutOfMemoryError("an Error passes as it is");
        }));
    }

    @Test
    void callsFromManyThreadsAndFromInsideATaskRunAllTheirTasks() throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> jobs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                jobs.add(callers.submit(() -> {
                    for (int job = 0; job < 300; job++) {
                        AtomicIntegerArray runs = new AtomicIntegerArray(6 * 5);
                        Team.forEach(6, outer -> Team.forEach(5, inner -> runs.incrementAndGet(outer * 5 + inner)));
                        for (int k = 0; k < runs.length(); k++) {
                            assertEquals(1, runs.get(k), "job " + job + ", task " + k);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> job : jobs) {
                job.get(); // rethrows an assertion failed on a caller
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void aloneRunsEveryTaskOnTheCallingThread() {
        for (int job = 0; job < 200; job++) {
            String[] where = new String[8];
            int sum = Team.alone(() -> {
                Team.forEach(8, c -> {
                    where[c] = Thread.currentThread().getName();
                    busy(2_000);
                });
                return 1;
            });
            assertEquals(1, sum);
            for (String name : where) {
                assertEquals(Thread.currentThread().getName(), name);
            }
        }
    }

    @Test
    void anInterruptedCallerStillWaitsForEveryTaskAndKeepsItsInterrupt() {
        try {
            for (int job = 0; job < 200; job++) {
                Thread.currentThread().interrupt();
                long[] done = new long[4];
                Team.forEach(4, c -> {
                    busy(Thread.currentThread().getName().startsWith(HELPER) ? 2 * Team.SPIN_NANOS : 20_000);
                    done[c] = 1;
                });
                assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is kept for the caller's code");
                for (int c = 0; c < 4; c++) {
                    assertEquals(1, done[c], "job " + job + ", task " + c);
                }
            }
        } finally {
            Thread.interrupted();
        }
    }

    /**
     * Where the job's tasks meet: a task on a helper says so; one on the caller waits until a helper has taken a task,
     * so every job needs a helper whatever the load (a helper never woken hangs the job: {@code @Timeout} ends it).
     * Whether this task runs on a helper.
     */
    private static boolean meet(CountDownLatch helperTook) {
        if (Team.HELPERS == 0) {
            return false;
        }
        if (Thread.currentThread().getName().startsWith(HELPER)) {
            helperTook.countDown();
            return true;
        }
        try {
            helperTook.await();
        } catch (InterruptedException e) {
            throw new AssertionError("interrupted while waiting for a helper", e);
        }
        return false;
    }

    private static void busy(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            LockSupport.parkNanos(0); // no-op that the JIT cannot remove
        }
    }
}
