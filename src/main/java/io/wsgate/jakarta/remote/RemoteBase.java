package io.wsgate.jakarta.remote;

import io.wsgate.jakarta.session.WsgateSession;
import jakarta.websocket.RemoteEndpoint;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * What both remote endpoints of a session share: pings, pongs and batching. Batching is the session's (both
 * remotes send through one queue, as on Tomcat): while allowed, messages are held in the engine, not written to
 * the container, until {@link #flushBatch}, until 64 KiB are held, or until batching is turned off. Sends made
 * meanwhile complete (handler, Future) once written; a Basic send returns once its message is in the batch (a
 * later failure goes to onError), and Future.get() on a batched send flushes the batch first.
 */
public abstract class RemoteBase implements RemoteEndpoint {

    /** Largest payload of a control frame (RFC 6455 section 5.5). */
    static final int MAX_CONTROL_PAYLOAD = 125;

    final WsgateSession session;

    RemoteBase(WsgateSession session) {
        this.session = session;
    }

    @Override
    public void setBatchingAllowed(boolean allowed) throws IOException {
        if (allowed == session.outbound().isBatching()) return;
        session.outbound().batching(allowed);
    }

    @Override
    public boolean getBatchingAllowed() {
        return session.outbound().isBatching();
    }

    @Override
    public void flushBatch() throws IOException {
        session.outbound().flushBatch();
    }

    @Override
    public void sendPing(ByteBuffer applicationData) throws IOException, IllegalArgumentException {
        ByteBuffer payload = controlPayload(applicationData);
        BlockingSend send = session.blockingSend();
        session.outbound().ping(payload, session.blockingSendTimeout(), send);
        send.await();
        consumed(applicationData);
    }

    @Override
    public void sendPong(ByteBuffer applicationData) throws IOException, IllegalArgumentException {
        ByteBuffer payload = controlPayload(applicationData);
        BlockingSend send = session.blockingSend();
        session.outbound().pong(payload, session.blockingSendTimeout(), send);
        send.await();
        consumed(applicationData);
    }

    private ByteBuffer controlPayload(ByteBuffer applicationData) throws IOException {
        if (applicationData == null) throw new IllegalArgumentException("applicationData must not be null");
        if (applicationData.remaining() > MAX_CONTROL_PAYLOAD) {
            throw new IllegalArgumentException("control frame payload of " + applicationData.remaining()
                    + " bytes exceeds the maximum of " + MAX_CONTROL_PAYLOAD);
        }
        session.checkCanSend();
        return copy(applicationData);
    }

    /** A private copy of the remaining bytes, for sends whose caller may reuse its buffer before the write. */
    public static ByteBuffer copy(ByteBuffer data) {
        ByteBuffer copy = ByteBuffer.allocate(data.remaining());
        copy.put(data.duplicate()).flip();
        return copy;
    }

    /** The javadoc's contract for a buffer whose message was sent: limit unchanged, position at the limit. */
    static void consumed(ByteBuffer data) {
        data.position(data.limit());
    }
}
