package io.wsgate.servlet;

import io.wsgate.engine.SendCallback;
import io.wsgate.engine.WebSocketConnection;
import io.wsgate.engine.WebSocketPolicy;
import io.wsgate.engine.WholeMessageListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.WebConnection;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A write that fails part-way through a pass: the frames written before it in that same pass are still completed
 * (their send callback runs, their charge goes back), and the frames not written are failed, each exactly once.
 * Before, the written ones were neither: a SendHandler never called, a Future that never completes, a queue
 * charge never returned.
 */
class WriteFailureCompletesWrittenFramesTest {

    /** Output whose first write succeeds and every later one fails, as a peer that reset the connection. */
    static final class FailingOutput extends ServletOutputStream {
        boolean ready;
        int writes;

        @Override public boolean isReady() { return ready; }
        @Override public void setWriteListener(WriteListener listener) {}
        @Override public void write(int b) throws IOException { write(new byte[] {(byte) b}, 0, 1); }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (++writes > 1) throw new IOException("connection reset by peer");
        }
    }

    private final ServletTransportResumeTest.Input in = new ServletTransportResumeTest.Input();
    private final FailingOutput out = new FailingOutput();
    private final ServletTransportResumeTest.RecordingScheduler scheduler = new ServletTransportResumeTest.RecordingScheduler();
    private final List<String> outcomes = new ArrayList<>();
    private ServletTransport transport;
    private WebSocketConnection connection;

    private void connect() throws IOException {
        WebConnection web = new WebConnection() {
            @Override public ServletInputStream getInputStream() { return in; }
            @Override public ServletOutputStream getOutputStream() { return out; }
            @Override public void close() {}
        };
        transport = new ServletTransport(web, scheduler, ContainerQuirks.detect("test", "test"), new ReadBuffers(),
                new EndpointMetrics("/test", "/test"));
        connection = new WebSocketConnection(new WholeMessageListener() {
            @Override protected void onText(String message) {}
            @Override protected void onBinary(ByteBuffer message) {}
        }, transport, new WebSocketPolicy());
    }

    private SendCallback recording(String name) {
        return failure -> outcomes.add(name + (failure == null ? " ok" : " failed"));
    }

    private void runCallbackThreads() {
        while (!scheduler.executed.isEmpty()) scheduler.executed.remove(0).run();
    }

    @Test
    void aFrameWrittenBeforeAFailingWriteInOnWritePossibleIsStillCompleted() throws Exception {
        connect();
        transport.start(connection);
        connection.sendText("first", recording("first"));
        connection.sendText("second", recording("second")); // both wait: the output is not ready
        assertEquals(List.of(), outcomes);

        out.ready = true;
        transport.onWritePossible(); // first written, second's write throws
        runCallbackThreads(); // fail() -> abort

        assertEquals(List.of("first ok", "second failed"), outcomes, "every send completes exactly once");
        assertEquals(0, connection.queuedBytes(), "every frame's charge given back");
    }

    @Test
    void aFrameWrittenBeforeAFailingWriteInFlushIsStillCompleted() throws Exception {
        connect();
        // Queued before the write listener is set, so both are in the queue when the sending thread next flushes.
        connection.sendText("first", recording("first"));
        connection.sendText("second", recording("second"));
        transport.start(connection);
        out.ready = true;
        transport.flush(); // on the sending thread: first written, second's write throws
        runCallbackThreads();

        assertEquals(List.of("first ok", "second failed"), outcomes, "every send completes exactly once");
        assertEquals(0, connection.queuedBytes(), "every frame's charge given back");
    }

    @Test
    void aWriteFailureAfterTheCloseHandshakeStillFailsWhatIsQueued() throws Exception {
        connect();
        transport.start(connection);
        connection.sendText("first", recording("first"));
        connection.close(1000, "bye"); // the close frame queues behind first
        out.ready = true;
        transport.onWritePossible(); // first written, the close frame's write throws
        runCallbackThreads();

        assertEquals(List.of("first ok"), outcomes);
        assertEquals(0, connection.queuedBytes(), "the close frame's charge given back too");
    }
}
