package io.wsgate.servlet;

import io.wsgate.engine.Scheduler;
import io.wsgate.engine.SendCallback;
import io.wsgate.engine.WebSocketConnection;
import io.wsgate.engine.WebSocketPolicy;
import io.wsgate.engine.WholeMessageListener;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.WebConnection;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Defect 7 at the transport: reading paused on a full queue resumes on a callback thread (the scheduler's
 * execute), never inside the application's send call that drained the queue, and never on the timer thread. Before,
 * a resume from an application or timer thread ran the read loop (and so the endpoint's onMessage) right there.
 */
class ServletTransportResumeTest {

    /** Input that has whatever the test puts in it; always ready while it has bytes. */
    static final class Input extends ServletInputStream {
        byte[] data = new byte[0];
        int pos;

        void add(byte[] bytes) {
            byte[] next = new byte[data.length - pos + bytes.length];
            System.arraycopy(data, pos, next, 0, data.length - pos);
            System.arraycopy(bytes, 0, next, data.length - pos, bytes.length);
            data = next;
            pos = 0;
        }

        @Override public boolean isFinished() { return false; }
        @Override public boolean isReady() { return pos < data.length; }
        @Override public void setReadListener(ReadListener listener) {}
        @Override public int read() { return pos < data.length ? data[pos++] & 0xFF : -1; }

        @Override
        public int read(byte[] b, int off, int len) {
            int n = Math.min(len, data.length - pos);
            System.arraycopy(data, pos, b, off, n);
            pos += n;
            return n;
        }
    }

    /** Output the test opens and shuts, as a peer that reads or does not. */
    static final class Output extends ServletOutputStream {
        boolean ready;
        int written;

        @Override public boolean isReady() { return ready; }
        @Override public void setWriteListener(WriteListener listener) {}
        @Override public void write(int b) { written++; }
        @Override public void write(byte[] b, int off, int len) { written += len; }
    }

    /** Runs nothing by itself: records what was handed to a callback thread. */
    static final class RecordingScheduler implements Scheduler {
        final List<Runnable> executed = new ArrayList<>();

        @Override public long nanoTime() { return System.nanoTime(); }
        @Override public Cancellable schedule(Runnable task, long delayNanos) { return () -> {}; }
        @Override public void execute(Runnable task) { executed.add(task); }
    }

    @Test
    void aReadResumedByAnApplicationsSendRunsOnACallbackThreadNotInsideTheSend() throws Exception {
        Input in = new Input();
        Output out = new Output();
        WebConnection web = new WebConnection() {
            @Override public ServletInputStream getInputStream() { return in; }
            @Override public ServletOutputStream getOutputStream() { return out; }
            @Override public void close() {}
        };
        RecordingScheduler scheduler = new RecordingScheduler();
        ServletTransport transport = new ServletTransport(web, scheduler,
                ContainerQuirks.detect("test", "test"), new ReadBuffers(),
                new EndpointMetrics("/test", "/test"));
        List<String> received = new ArrayList<>();
        List<Thread> receivedOn = new ArrayList<>();
        WebSocketConnection[] self = new WebSocketConnection[1];
        WholeMessageListener echo = new WholeMessageListener() {
            @Override protected void onText(String message) {
                received.add(message);
                receivedOn.add(Thread.currentThread());
                self[0].sendText(message, SendCallback.NOOP);
            }
            @Override protected void onBinary(ByteBuffer message) {}
        };
        WebSocketConnection connection = new WebSocketConnection(echo, transport, new WebSocketPolicy().maxOutboundBytes(1024));
        self[0] = connection;
        transport.start(connection);

        // The peer sends 100 messages and reads nothing: reading pauses once the echoes fill the queue.
        for (int i = 0; i < 100; i++) in.add(maskedText("m" + i));
        transport.onDataAvailable();
        int beforeResume = received.size();
        assertTrue(beforeResume > 0 && beforeResume < 100, "paused after " + beforeResume);
        assertTrue(connection.isInputPaused());

        // The engine asks to resume from whatever thread gave the queue's memory back. From an application (or
        // timer) thread, the read is handed to a callback thread, not run inside that thread's call.
        Thread app = new Thread(transport::resumeReading, "application");
        app.start();
        app.join(10_000);
        assertEquals(beforeResume, received.size(), "nothing delivered on the application's thread");
        assertEquals(1, scheduler.executed.size(), "the read was handed to a callback thread");
        scheduler.executed.remove(0).run(); // still full: reads nothing yet
        assertEquals(beforeResume, received.size());

        // The container reports the output writable: its thread writes, the queue drains, and that same container
        // thread reads on once the send callbacks have run.
        out.ready = true;
        transport.onWritePossible();
        assertEquals(100, received.size(), "the rest delivered once resumed");
        assertTrue(receivedOn.stream().allMatch(t -> t == Thread.currentThread()), "on container threads only");
        assertTrue(receivedOn.stream().noneMatch(t -> t == app));
        assertTrue(scheduler.executed.isEmpty());
    }

    static byte[] maskedText(String text) {
        byte[] payload = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] frame = new byte[6 + payload.length];
        frame[0] = (byte) 0x81;
        frame[1] = (byte) (0x80 | payload.length);
        System.arraycopy(payload, 0, frame, 6, payload.length); // zero mask key
        return frame;
    }
}
