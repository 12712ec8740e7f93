package org.zeroth.kernel;

import org.dflib.jjava.jupyter.messages.publish.PublishStream;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * System.out / System.err of the kernel's JVM while it serves a notebook: bytes are buffered and sent as
 * {@code stream} messages every {@value #PERIOD_MS} ms while a cell runs (so long cells show output as it comes),
 * when the buffer fills up, and when the kernel flushes at the end of a cell.
 */
final class NotebookOutput extends OutputStream {
    static final long PERIOD_MS = 50;
    private static final int MAX_BUFFER = 64 * 1024;

    private final Iopub iopub;
    private final PublishStream.StreamType type;
    private byte[] buffer = new byte[1024];
    private int count;

    NotebookOutput(Iopub iopub, PublishStream.StreamType type) {
        this.iopub = iopub;
        this.type = type;
    }

    @Override
    public synchronized void write(int b) {
        ensure(1);
        buffer[count++] = (byte) b;
        if (count >= MAX_BUFFER) {
            flush();
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buffer, count, len);
        count += len;
        if (count >= MAX_BUFFER) {
            flush();
        }
    }

    private void ensure(int more) {
        if (count + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, count + more));
        }
    }

    /** Sends what is buffered, up to the last complete UTF-8 character. */
    @Override
    public synchronized void flush() {
        int end = completeUtf8(buffer, count);
        if (end == 0) {
            return;
        }
        String text = new String(buffer, 0, end, StandardCharsets.UTF_8);
        System.arraycopy(buffer, end, buffer, 0, count - end);
        count -= end;
        try {
            iopub.publish(new PublishStream(type, text));
        } catch (RuntimeException e) {
            KernelLog.warn("could not publish output", e);
        }
    }

    /** Length of the prefix that does not end inside a multi-byte character. */
    static int completeUtf8(byte[] b, int len) {
        int i = len - 1;
        int back = 0;
        while (i >= 0 && back < 4 && (b[i] & 0xC0) == 0x80) { // continuation bytes
            i--;
            back++;
        }
        if (i < 0) {
            return len;
        }
        int lead = b[i] & 0xFF;
        int need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        return (len - i) >= need ? len : i;
    }
}
