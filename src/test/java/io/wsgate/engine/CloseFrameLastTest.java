package io.wsgate.engine;

import io.wsgate.protocol.Opcode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Our close frame is the last frame we send (RFC 6455 5.5.1), and it is sent even when the peer's close crosses
 * ours. The racing orders are forced by running the steps of the racing threads in that order on one thread.
 */
class CloseFrameLastTest {

    /**
     * The reader answering a ping (and the keep-alive timer) checks the connection is open, then queues its frame;
     * the application's close may queue the close frame in between. Before, the pong (or ping) went out after the
     * close frame; now it is dropped.
     */
    @Test
    void aPongOrPingDecidedWhileOpenButQueuedAfterOurCloseFrameIsNotSent() {
        Harness h = new Harness(new WebSocketPolicy()).started();
        h.connection.close(1000, "bye"); // the application's close, between the reader's check and its queueing
        h.connection.outbound.engineFrame(Opcode.PONG, new byte[] {1}); // the reader's answer to a ping
        h.connection.outbound.engineFrame(Opcode.PING, new byte[0]); // the keep-alive timer's ping

        List<FakeTransport.Frame> written = h.transport.written();
        assertEquals(Opcode.CLOSE, written.get(written.size() - 1).opcode(), "nothing after the close frame: " + written);
        assertEquals(1, written.size(), written.toString());
        assertEquals(0, h.connection.queuedBytes(), "a dropped frame holds no charge");
    }

    /**
     * The application's close moves the state to CLOSE_SENT; before its close frame is queued, the reader handles
     * the peer's close, which completes the handshake and closes TCP once the (empty) queue is flushed. Forced here
     * by a send waiting behind a message sent in parts: the close fails it, and its callback (run by the closing
     * thread) is where the reader's step runs. Before, our close frame was refused by the closed transport and the
     * peer never got one; now it is queued with the state change, so it goes out before TCP closes.
     */
    @Test
    void ourCloseFrameIsSentWhenThePeersCloseIsHandledBeforeItIsQueued() {
        Harness h = new Harness(new WebSocketPolicy()).started();
        h.connection.sendTextPart("a", false, SendCallback.NOOP);
        boolean[] peerClosed = new boolean[1];
        h.connection.sendText("waiting", failure -> {
            h.receive(ClientFrames.close(1000, "peer")); // the reader's step, in the racing window
            peerClosed[0] = true;
        });

        h.connection.close(1000, "bye");

        assertTrue(peerClosed[0]);
        List<FakeTransport.Frame> written = h.transport.written();
        FakeTransport.Frame last = written.get(written.size() - 1);
        assertEquals(Opcode.CLOSE, last.opcode(), "our close frame went out: " + written);
        assertEquals(1000, last.closeCode());
        assertTrue(h.transport.closed, "TCP closed after it");
        assertEquals(0, h.connection.queuedBytes());
        assertEquals(List.of("open", "close 1000 bye"), h.listener.events());
    }
}
