package org.zeroth.kernel;

import org.dflib.jjava.jupyter.messages.MessageContext;
import org.zeroth.kernel.exec.CellControl;
import org.zeroth.kernel.protocol.InputChannel;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/**
 * System.in while a cell runs: reading asks the front-end with an {@code input_request} (when the request allows
 * stdin), one line at a time; otherwise it is at end of input. A line typed for one cell is not read by the next,
 * and the user's interrupt while the front-end is asked ends the cell as interrupted.
 */
final class NotebookInput extends InputStream {
    private final InputChannel stdin;
    private final BooleanSupplier cellInterrupted;
    private volatile MessageContext request;
    private byte[] line = new byte[0];
    private int pos;
    private volatile boolean stale; // the buffered line was typed for an earlier cell

    /** {@code cellInterrupted}: whether the user interrupted the cell running now. */
    NotebookInput(InputChannel stdin, BooleanSupplier cellInterrupted) {
        this.stdin = stdin;
        this.cellInterrupted = cellInterrupted;
    }

    /** The request that may be asked for input, or null when input is not allowed. */
    void allow(MessageContext request) {
        this.request = request;
        stale = true; // not cleared here: a thread still reading holds the lock
    }

    @Override
    public synchronized int read() {
        if (!fill()) {
            return -1;
        }
        return line[pos++] & 0xFF;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) {
        if (len == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(len, line.length - pos);
        System.arraycopy(line, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public synchronized int available() {
        dropStale();
        return line.length - pos;
    }

    private void dropStale() {
        if (stale) {
            stale = false;
            line = new byte[0];
            pos = 0;
        }
    }

    private boolean fill() {
        dropStale();
        if (pos < line.length) {
            return true;
        }
        MessageContext r = request;
        if (r == null) {
            return false;
        }
        System.out.flush();
        System.err.flush();
        String text;
        try {
            text = stdin.ask(r, "", false, cellInterrupted);
        } catch (InputChannel.Ended e) {
            throw new CellControl.CellInterrupted();
        }
        if (text == null) { // the front-end sent end of input
            return false;
        }
        line = (text + System.lineSeparator()).getBytes(StandardCharsets.UTF_8);
        pos = 0;
        return true;
    }
}
