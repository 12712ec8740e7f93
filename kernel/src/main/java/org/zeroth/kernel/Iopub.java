package org.zeroth.kernel;

import com.google.gson.JsonParser;
import org.dflib.jjava.jupyter.channels.IOPubChannel;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.messages.ContentType;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageContext;
import org.dflib.jjava.jupyter.messages.publish.PublishDisplayData;
import org.dflib.jjava.jupyter.messages.publish.PublishUpdateDisplayData;
import org.zeroth.view.DisplaySink;
import org.zeroth.view.MimeBundle;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Publishes on IOPub on behalf of the request being executed (its header becomes the parent header, so
 * front-ends put the output under the right cell). Output from background threads after a cell ended goes to the
 * most recent request, as in IPython. Also the DSL's {@link DisplaySink}.
 */
final class Iopub implements DisplaySink {
    private final IOPubChannel channel;
    private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "zeroth-iopub");
        t.setDaemon(true);
        return t;
    });
    private volatile MessageContext parent;

    Iopub(IOPubChannel channel) {
        this.channel = channel;
    }

    void attach(MessageContext request) {
        this.parent = request;
    }

    MessageContext parent() {
        return parent;
    }

    /**
     * Sends on the publisher thread and waits for it. A ZeroMQ socket must never be written by a thread that may be
     * interrupted: the interrupt closes the socket's signalling channel for good (progress displays are sent from
     * the cell's thread, which an interrupt request targets). The caller's interrupt flag is kept.
     */
    <T extends ContentType<T>> void publish(T content) {
        Message<T> message = new Message<>(parent, content.getType(), content);
        Future<?> sent = sender.submit(() -> channel.sendMessage(message));
        boolean interrupted = false;
        while (true) {
            try {
                sent.get();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void display(String displayId, MimeBundle bundle) {
        DisplayData data = toDisplayData(bundle);
        data.setDisplayId(displayId);
        publish(new PublishDisplayData(data));
    }

    @Override
    public void update(String displayId, MimeBundle bundle) {
        DisplayData data = toDisplayData(bundle);
        data.setDisplayId(displayId);
        publish(new PublishUpdateDisplayData(data));
    }

    /** JSON mime types (…json) are sent as JSON objects, everything else as text. */
    static DisplayData toDisplayData(MimeBundle bundle) {
        DisplayData data = new DisplayData();
        mimeData(bundle).forEach(data::putData);
        return data;
    }

    /** The bundle as a message's {@code data}: JSON types as JSON, the others as text. */
    static Map<String, Object> mimeData(MimeBundle bundle) {
        Map<String, Object> data = new LinkedHashMap<>();
        bundle.data().forEach((type, text) -> data.put(type, type.endsWith("json") ? JsonParser.parseString(text) : text));
        return data;
    }
}
