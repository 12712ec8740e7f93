package org.zeroth.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * An interrupt sent while a cell waits for the Java session to start ends that cell, and none is lost or misplaced
 * whenever it lands. (The session here is null: only the hand-over is under test.)
 */
class StartingSessionTest {

    /** A cell on its own thread: what happened to it when the session came. */
    private static final class Cell extends Thread {
        final StartingSession session;
        final List<String> events = new ArrayList<>();

        Cell(StartingSession session) {
            this.session = session;
            session.cellArrived(); // as the kernel does, on the request's own thread
            start();
        }

        @Override
        public void run() {
            // Once a cell starts, an interrupt is the runner's: the session must not take it as well.
            session.forCell(s -> events.add(session.hasCellWaiting() ? "started, still waiting" : "started"),
                    s -> events.add("interrupted"));
        }

        List<String> result() throws InterruptedException {
            join();
            return events;
        }
    }

    @Test
    void anInterruptWhileTheCellWaitsEndsItAndOneAtIdleDoesNot() throws InterruptedException {
        StartingSession idle = new StartingSession();
        assertFalse(idle.interruptWaitingCell(), "no cell waits: nothing to interrupt");
        idle.started(null);
        assertEquals(List.of("started"), new Cell(idle).result(), "an interrupt at idle is not kept for later");

        StartingSession starting = new StartingSession();
        Cell cell = new Cell(starting);
        assertTrue(starting.interruptWaitingCell());
        starting.started(null);
        assertEquals(List.of("started", "interrupted"), cell.result());
        assertEquals(List.of("started"), new Cell(starting).result(), "the next cell starts afresh");
    }

    @Test
    void noInterruptIsLostOrMisplacedWhereverItLands() throws InterruptedException {
        Random random = new Random(12);
        for (int trial = 0; trial < 2000; trial++) {
            StartingSession session = new StartingSession();
            Cell cell = new Cell(session);
            AtomicBoolean took = new AtomicBoolean();
            int delay = random.nextInt(2000);
            Thread interrupter = new Thread(() -> {
                for (int i = 0; i < delay; i++) {
                    Thread.onSpinWait();
                }
                took.set(session.interruptWaitingCell());
            });
            interrupter.start();
            for (int i = random.nextInt(2000); i > 0; i--) {
                Thread.onSpinWait();
            }
            session.started(null);
            interrupter.join();
            List<String> events = cell.result();
            assertEquals(took.get() ? List.of("started", "interrupted") : List.of("started"), events,
                    "trial " + trial + ": an interrupt taken for the waiting cell ends it, and only then");
        }
    }

    @Test
    void aSessionThatFailedToStartSaysSoAndForgetsTheWaitingCell() {
        StartingSession session = new StartingSession();
        session.failed(new IllegalStateException("no JShell"));
        session.cellArrived();
        assertThrows(CompletionException.class, () -> session.forCell(s -> { }, s -> { }));
        assertFalse(session.interruptWaitingCell(), "the failed cell no longer waits");
    }
}
