package org.zeroth.kernel.protocol;

import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

/**
 * Echoes heartbeat pings at once. Replaces jjava's heartbeat, which polls every 500 ms and whose thread ends on
 * the first error (e.g. an OutOfMemoryError while a cell fills the heap): the front-end would then call the kernel
 * dead. This loop allocates nothing per ping beyond the echo and survives any error.
 */
final class Heartbeat {
    private final ZMQ.Socket socket;
    private volatile boolean running;
    private Thread thread;

    Heartbeat(ZMQ.Context ctx) {
        this.socket = ctx.socket(SocketType.REP);
    }

    void bind(KernelConnectionProperties props) {
        socket.bind(props.getTransport() + "://" + props.getIp() + ":" + props.getHbPort());
        socket.setReceiveTimeOut(200);
        running = true;
        thread = new Thread(this::serve, "zeroth-heartbeat");
        thread.setDaemon(true);
        thread.start();
    }

    private void serve() {
        while (running) {
            try {
                byte[] ping = socket.recv();
                if (ping != null) {
                    socket.send(ping);
                }
            } catch (Throwable t) {
                if (!running) {
                    return;
                }
                pause(); // out of memory or a socket error: retry, never end
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(10);
        } catch (Throwable ignored) {
            // keep serving
        }
    }

    void close() {
        running = false;
        Thread t = thread;
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        socket.close();
    }
}
