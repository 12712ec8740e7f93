package org.zeroth.kernel.exec;

import jdk.jshell.execution.DirectExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

import org.zeroth.Interrupts;

import java.lang.instrument.ClassDefinition;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Runs JShell's snippets in this JVM, on a fresh thread per snippet, with a class loader whose parent is the
 * kernel's: cells see the very same {@code org.zeroth} classes (and {@code Views}' display sink) as the kernel.
 * <p>
 * It keeps what JShell's own local engine throws away: the snippet's value as an object (for rendering) and the
 * original {@link Throwable} (for a readable trace). Stopping goes in steps: {@link #interruptCooperatively()}
 * (code that checks {@code Thread.interrupted()} ends on its own, e.g. a DSL run returning its partial result),
 * {@link #requestStop(Thread)} (instrumented cell code throws at its next loop iteration), and on JDKs that still
 * have it {@code Thread.stop} (which also stops library code) — each aimed at the thread the interrupt found;
 * {@link Escalation} takes the steps.
 */
public final class CellRunner extends DirectExecutionControl {
    private static final long STACK_SIZE = 64L << 20; // deep recursion in a cell should work; it overflows later

    /** JShell's top-level snippet wrappers ("REPL.$JShell$12"), where its variables live as static fields. */
    private static final Pattern WRAPPER = Pattern.compile("REPL\\.\\$JShell\\$\\d+[A-Z]*");

    /** Wrapper classes that may hold a live variable, oldest first (touched on the shell thread only). */
    private final List<String> wrappers = new ArrayList<>();
    private volatile Thread cellThread;
    private volatile ClassLoader cellLoader = CellRunner.class.getClassLoader(); // the snippets' once one ran
    private boolean inCell; // guarded by this: a cell's snippets are being compiled or run
    private boolean pendingInterrupt; // guarded by this: for the next snippet of the cell to start
    private Thread interruptTaker; // guarded by this: the work that took the last pending interrupt
    private boolean cellInterrupted; // guarded by this: the user interrupted the cell running now
    private volatile Object lastValue;
    private volatile Object lastVariable;
    private volatile Throwable lastFailure;
    private volatile boolean stoppedForMemory;
    private volatile boolean forcedForMemory;
    private volatile double heapAtStart;
    private final SnippetClasses snippetClasses = new SnippetClasses();

    public CellRunner() {
        super(); // JShell's default loader: a child of the application class loader
        MemoryGuard.install(this);
    }

    /** The provider to give {@code JShell.builder().executionEngine(...)}. */
    public ExecutionControlProvider provider() {
        CellRunner self = this;
        return new ExecutionControlProvider() {
            @Override
            public String name() {
                return "zeroth";
            }

            @Override
            public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
                return self;
            }
        };
    }

    @Override
    public void load(ClassBytecodes[] classes)
            throws ClassInstallException, NotImplementedException, EngineTerminationException {
        ClassBytecodes[] instrumented = new ClassBytecodes[classes.length];
        for (int i = 0; i < classes.length; i++) {
            keepForExecutors(classes[i]);
            instrumented[i] = new ClassBytecodes(classes[i].name(), Instrumenter.instrument(classes[i].bytecodes()));
        }
        super.load(instrumented);
        for (ClassBytecodes c : classes) {
            if (WRAPPER.matcher(c.name()).matches()) {
                wrappers.add(c.name());
            }
        }
    }

    /**
     * A method the user changed, in place: objects and lambdas made before call the new body, as in JShell's own
     * engine. JShell asks only when the class keeps its shape (same members and signatures); when the JVM refuses,
     * JShell makes a new class instead.
     */
    @Override
    public void redefine(ClassBytecodes[] classes)
            throws ClassInstallException, NotImplementedException, EngineTerminationException {
        Instrumentation redefiner = KernelAgent.redefiner();
        if (redefiner == null) {
            throw new NotImplementedException("redefine: the kernel was not started with its agent (java -jar)");
        }
        ClassDefinition[] definitions = new ClassDefinition[classes.length];
        try {
            for (int i = 0; i < classes.length; i++) {
                definitions[i] = new ClassDefinition(findClass(classes[i].name()),
                        Instrumenter.instrument(classes[i].bytecodes()));
            }
            redefiner.redefineClasses(definitions);
        } catch (ClassNotFoundException | UnmodifiableClassException | RuntimeException | LinkageError e) {
            throw new ClassInstallException("redefine: " + e, new boolean[classes.length]);
        }
        for (ClassBytecodes c : classes) {
            keepForExecutors(c);
        }
    }

    /** Snippet classes as compiled, for Spark's executors in other JVMs (see {@link SnippetClasses}). */
    public SnippetClasses snippetClasses() {
        return snippetClasses;
    }

    private void keepForExecutors(ClassBytecodes c) {
        try {
            snippetClasses.add(c.name(), c.bytecodes());
        } catch (RuntimeException e) {
            // the cell still runs here; only a Spark job on other JVMs would miss the class (and say which)
            System.err.println("warning: " + e.getMessage() + " (" + e.getCause() + ")");
        }
    }

    /**
     * Clears the static fields of snippet wrapper classes that no live variable owns: JShell's loader keeps every
     * wrapper class it loaded, so an overwritten or dropped variable's last value would stay reachable for the
     * session. A variable lives in the newest wrapper that declares it; older wrappers with that name are stale.
     */
    public void releaseStaleValues(Set<String> liveVariables) {
        Set<String> claimed = new HashSet<>();
        for (ListIterator<String> it = wrappers.listIterator(wrappers.size()); it.hasPrevious(); ) {
            Class<?> wrapper;
            try {
                wrapper = findClass(it.previous());
            } catch (ClassNotFoundException e) {
                it.remove();
                continue;
            }
            boolean live = false;
            for (Field field : wrapper.getDeclaredFields()) {
                int modifiers = field.getModifiers();
                if (!Modifier.isStatic(modifiers) || field.isSynthetic()) {
                    continue;
                }
                if (liveVariables.contains(field.getName()) && claimed.add(field.getName())) {
                    live = true;
                } else if (!Modifier.isFinal(modifiers) && !field.getType().isPrimitive()) {
                    clear(field);
                }
            }
            if (!live) {
                it.remove(); // nothing in it can become live again: a new definition is a new wrapper
            }
        }
    }

    private static void clear(Field field) {
        try {
            field.setAccessible(true);
            field.set(null, null);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // a wrapper that cannot be touched keeps its value; nothing else depends on this
        }
    }

    @Override
    protected String invoke(Method doit) throws Exception {
        cellLoader = doit.getDeclaringClass().getClassLoader();
        Result result = runAsCell(() -> doit.invoke(null));
        lastFailure = result.failure();
        if (result.failure() != null) {
            if (isStop(result.failure())) {
                throw new StoppedException();
            }
            throw new InvocationTargetException(result.failure());
        }
        lastValue = result.value();
        return ""; // JShell's value string is not used: the kernel renders the object itself
    }

    /** What cell work returned, or what it threw ({@link #isStop} if it was stopped). */
    public record Result(Object value, Throwable failure) { }

    /**
     * Runs {@code work} as a cell's code runs: on a fresh thread that interrupts, stop requests and (JDK < 20)
     * Thread.stop reach. Anything that may run user code for the cell goes through here, the rendering of its
     * value too (a toString() may loop forever). An {@link InvocationTargetException} counts as its cause.
     */
    public Result runAsCell(Callable<?> work) throws InterruptedException {
        stoppedForMemory = false;
        forcedForMemory = false;
        heapAtStart = MemoryGuard.filled();
        Object[] value = new Object[1];
        Throwable[] failure = new Throwable[1];
        Thread thread = new Thread(null, () -> {
            try {
                value[0] = work.call();
            } catch (InvocationTargetException e) {
                failure[0] = e.getCause();
            } catch (Throwable t) {
                failure[0] = t;
            }
        }, "zeroth-cell", STACK_SIZE);
        thread.setContextClassLoader(cellLoader);
        thread.setDaemon(true);
        try {
            synchronized (this) { // with requestStop(work): a stop for the work before this one never lands here
                CellControl.reset();
                cellThread = thread;
                thread.start();
                if (pendingInterrupt) { // the interrupt came while the snippet was being compiled
                    pendingInterrupt = false;
                    interruptTaker = thread;
                    Interrupts.interrupt(thread);
                    notifyAll();
                }
            }
            thread.join();
        } finally {
            cellThread = null;
        }
        return new Result(value[0], failure[0]);
    }

    /**
     * Reads a variable as an object for the kernel ({@link #lastVariable()}), and answers JShell with an empty
     * string: the local engine's answer is the value's full text, which for a large array is gigabytes.
     */
    @Override
    public String varValue(String className, String varName) throws RunException, EngineTerminationException,
            InternalException {
        try {
            Field field = findClass(className).getField(varName);
            field.setAccessible(true); // the wrapper class is not public
            lastVariable = field.get(null);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            lastVariable = null;
            throw new InternalException("cannot read " + varName + ": " + e);
        }
        return "";
    }

    /** The value read by the last {@link #varValue} (JShell's {@code varValue(snippet)} ends there). */
    public Object lastVariable() {
        return lastVariable;
    }

    /** Whether {@code t} is how a stopped cell ends: a stop request or Thread.stop. */
    public static boolean isStop(Throwable t) {
        return t instanceof CellControl.CellInterrupted || "java.lang.ThreadDeath".equals(t.getClass().getName());
    }

    /** Forgets the previous value and failure; call before evaluating the snippet whose value you want. */
    public void clearResult() {
        lastValue = null;
        lastFailure = null;
    }

    public Object lastValue() {
        return lastValue;
    }

    public Throwable lastFailure() {
        return lastFailure;
    }

    /**
     * Interrupts the cell's thread; a DSL run on it sees the interrupt even if a library clears the flag. Between
     * works of a cell (JShell compiling the next snippet, the value about to be shown), the next work to start is
     * interrupted ({@link #awaitInterruptTaken}). Returns the thread interrupted now, or null.
     */
    public synchronized Thread interruptCooperatively() {
        cellInterrupted |= inCell;
        Thread t = cellThread;
        if (t != null) {
            Interrupts.interrupt(t);
        } else if (inCell) {
            pendingInterrupt = true;
            interruptTaker = null;
        }
        return t;
    }

    /**
     * After an interrupt that found the cell between works: the thread of the work that took it once that starts,
     * or null if the cell ends first or nothing starts within the timeout.
     */
    public synchronized Thread awaitInterruptTaken(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (pendingInterrupt) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return interruptTaker;
    }

    /** A cell starts: interrupts from now on are for its snippets. */
    public synchronized void cellStarted() {
        inCell = true;
        pendingInterrupt = false;
        cellInterrupted = false;
    }

    /**
     * Whether the user interrupted the cell running now: its next statements must not run, as in IPython, even
     * when the interrupted one ended normally (a DSL run returns its partial Run).
     */
    public synchronized boolean cellInterrupted() {
        return cellInterrupted;
    }

    /** The cell ended: an interrupt it did not use is dropped. */
    public synchronized void cellEnded() {
        inCell = false;
        pendingInterrupt = false;
        notifyAll(); // an escalation waiting for the next work stops waiting
    }

    /**
     * The thread of the cell work running now (a snippet, or the rendering of the cell's value), or null. An
     * interrupt's escalation follows the thread it found: the work after it (the value of the run it interrupted,
     * being shown) is not stopped in its place.
     */
    public Thread running() {
        return cellThread;
    }

    /**
     * Makes instrumented cell code of {@code work} throw at its next loop iteration or call, if it still runs.
     * Library code running for the cell (e.g. a DSL run finishing its result after a cooperative interrupt) is left
     * alone.
     */
    public synchronized void requestStop(Thread work) {
        if (work != null && cellThread == work) {
            CellControl.requestStop();
        }
    }

    /** Everything at once: for a cell that is about to exhaust the heap. */
    public void stopHard() {
        Thread t = cellThread;
        if (t == null) {
            return;
        }
        requestStop(t);
        t.interrupt();
        Escalation.stopNow(t); // the heap is running out: no waiting for an initializer
    }

    /**
     * The heap is nearly full after a collection (see {@link MemoryGuard}): asks the running cell to stop, once, as
     * an interrupt does; with {@code force}, the heap is about to run out: stops it by force, once.
     */
    void stopForMemory(boolean force) {
        Thread t = cellThread;
        if (t == null) {
            return;
        }
        if (!stoppedForMemory) {
            stoppedForMemory = true;
            requestStop(t);
            Interrupts.interrupt(t);
        }
        if (force && !forcedForMemory) {
            forcedForMemory = true;
            Escalation.stopNow(t);
        }
    }

    /** How full the old generation was when the running cell began. */
    double heapAtStart() {
        return heapAtStart;
    }

    /** Whether the last snippet was stopped because it filled the heap. */
    public boolean stoppedForMemory() {
        return stoppedForMemory;
    }

    @Override
    public void stop() {
        stopHard();
    }
}
