package io.wsgate.jakarta.session;

import io.wsgate.engine.WebSocketListener;
import io.wsgate.engine.WebSocketSession;
import io.wsgate.jakarta.coder.NativeType;
import io.wsgate.jakarta.remote.EngineThread;
import io.wsgate.jakarta.remote.RemoteBase;
import jakarta.websocket.CloseReason;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.RejectedExecutionException;
import java.util.Map;
import java.util.Set;

/**
 * Connects one engine connection to one Jakarta endpoint: creates the {@link WsgateSession} when the engine opens
 * the connection, feeds incoming chunks to a {@link MessageSink} chosen per message from the session's handlers,
 * and routes errors and the close to the endpoint. Every endpoint call goes through the session's
 * {@link CallbackSerializer}, so none overlap.
 *
 * <p>The endpoint sees onOpen, then messages and errors, then onClose, each exactly once and never nested: an
 * endpoint whose decoders or encoders cannot be initialised sees nothing (the connection closes with 1011 and a
 * warning names the coder); an error after onClose is only logged (but one that onClose throws goes to
 * onError); a close or error the engine reports on a thread inside one of this session's callbacks waits until
 * that callback returns.
 *
 * <p>A message read as a stream (see {@link StreamSink}) has its handler run on one of the application's stream
 * threads (never a callback thread of its timer) while the rest of the message arrives: the reading thread hands
 * the chunks over through the message's {@link InboundStream} and is never blocked by the handler. Until the
 * handler returns it counts as the running callback: the next message is not read, and a pong, an error or the
 * close waits for it (a close or failure first ends the stream, so a handler waiting for data gets an IOException
 * instead of waiting for ever).
 */
public final class JakartaConnection implements WebSocketListener, StreamSink.Starter {

    private final WsgateSession.Settings settings;
    private final HandshakeInfo handshake;
    private final Map<String, String> pathParameters;
    private final EndpointConfig config;
    private final Map<String, Object> userProperties;
    private final EndpointCallbacks callbacks;
    private final Set<WsgateSession> openSessions;
    private final SessionLimits limits;
    private final HttpSessionLink httpSessionLink;
    private final CallbackSerializer serializer = new CallbackSerializer();
    private WsgateSession session;
    private MessageSink textSink;
    private MessageSink binarySink;
    /** The stream a message handler is reading on another thread, if any; ended when the connection ends. */
    private volatile InboundStream activeStream;
    /** Whether the endpoint's onOpen was called, and its onClose; both only change under the serializer. */
    private boolean endpointOpened;
    private boolean endpointClosed;

    public JakartaConnection(WsgateSession.Settings settings, HandshakeInfo handshake, Map<String, String> pathParameters,
                      EndpointConfig config, Map<String, Object> userProperties, EndpointCallbacks callbacks,
                      Set<WsgateSession> openSessions, SessionLimits limits, HttpSessionLink httpSessionLink) {
        this.settings = settings;
        this.handshake = handshake;
        this.pathParameters = pathParameters;
        this.config = config;
        this.userProperties = userProperties;
        this.callbacks = callbacks;
        this.openSessions = openSessions;
        this.limits = limits;
        this.httpSessionLink = httpSessionLink;
    }

    /** The Jakarta session, once the engine opened the connection. */
    public WsgateSession session() { return session; }

    @Override
    public void onOpen(WebSocketSession ws) {
        EngineThread.enter();
        try {
            serializer.runNow(() -> open(ws));
        } finally {
            EngineThread.exit();
        }
    }

    private void open(WebSocketSession ws) {
        session = new WsgateSession(settings, ws, handshake, pathParameters, userProperties,
                failure -> serializer.runSoon(() -> reportError(failure)));
        limits.applyTo(ws.policy());
        try {
            session.decoders().init(config);
            session.encoders().init(config);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // The endpoint was never opened, so it is told nothing; the operator learns which coder failed.
            Log.LOG.log(System.Logger.Level.WARNING, "WebSocket endpoint " + endpointName()
                    + " not opened, closing with 1011: " + e.getMessage(), e.getCause() == null ? e : e.getCause());
            session.decoders().destroy();
            session.encoders().destroy();
            abortOpen(CloseReason.CloseCodes.UNEXPECTED_CONDITION, "endpoint could not be initialised");
            return;
        }
        openSessions.add(session);
        if (httpSessionLink != null) httpSessionLink.add(session);
        endpointOpened = true;
        try {
            callbacks.onOpen(session, config);
        } catch (Throwable t) {
            reportError(t);
            abortOpen(CloseReason.CloseCodes.UNEXPECTED_CONDITION, "endpoint failed to open");
        }
    }

    private String endpointName() {
        return config instanceof jakarta.websocket.server.ServerEndpointConfig sec
                ? sec.getEndpointClass().getName() + " at " + sec.getPath() : String.valueOf(config);
    }

    private void abortOpen(CloseReason.CloseCode code, String reason) {
        try {
            session.close(new CloseReason(code, reason));
        } catch (Exception e) {
            Log.LOG.log(System.Logger.Level.DEBUG, "closing after a failed open failed", e);
        }
    }

    @Override
    public void onTextChunk(ByteBuffer utf8, boolean last) {
        if (textSink instanceof StreamSink streamed && streamed.started()) {
            textSink = deliver(streamed, utf8, last);  // its handler is the running callback, on another thread
            return;
        }
        EngineThread.enter();
        try {
            serializer.runNow(() -> {
                if (session == null) return;
                if (textSink == null) {
                    textSink = MessageSinks.text(session.handlers().forSlot(NativeType.TEXT), session.decoders(), this);
                }
                textSink = deliver(textSink, utf8, last);
            });
        } finally {
            EngineThread.exit();
        }
    }

    @Override
    public void onBinaryChunk(ByteBuffer data, boolean last) {
        if (binarySink instanceof StreamSink streamed && streamed.started()) {
            binarySink = deliver(streamed, data, last);
            return;
        }
        EngineThread.enter();
        try {
            serializer.runNow(() -> {
                if (session == null) return;
                if (binarySink == null) {
                    binarySink = MessageSinks.binary(session.handlers().forSlot(NativeType.BINARY), session.decoders(), this);
                }
                binarySink = deliver(binarySink, data, last);
            });
        } finally {
            EngineThread.exit();
        }
    }

    /** Feeds one chunk; returns the sink for the next chunk of the same message, or null when it ended. */
    private MessageSink deliver(MessageSink sink, ByteBuffer chunk, boolean last) {
        try {
            sink.accept(chunk, last);
            return last ? null : sink;
        } catch (Throwable t) {
            reportError(t);
        }
        return last ? null : MessageSink.DISCARD;   // the rest of a failed message is dropped
    }

    /**
     * Starts a streamed message's handler on a stream thread (on the reading thread, inside the callback that
     * delivers the message's first chunk); the handler is the running callback until it returns. For
     * {@link StreamSink} only (this object is its starter, so a connection holds nothing more for streams).
     */
    @Override
    public InboundStream start(boolean text, StreamSink.Handler handler) {
        InboundStream stream = new InboundStream(session.engineSession(), text);
        activeStream = stream;
        serializer.startStream();
        try {
            executor().execute(() -> readStream(stream, handler));
        } catch (RejectedExecutionException stopping) {
            // The application is stopping: nobody will read this message.
            Log.LOG.log(System.Logger.Level.DEBUG, "WebSocket message dropped: the application is stopping");
            endStream(stream);
        }
        return stream;
    }

    private void readStream(InboundStream stream, StreamSink.Handler handler) {
        try {
            handler.read(stream);
        } catch (Throwable t) {
            reportError(t);
        } finally {
            endStream(stream);
        }
    }

    /** The handler returned: callbacks that waited for it run, then the connection reads the next message. */
    private void endStream(InboundStream stream) {
        activeStream = null;
        serializer.endStream();
        stream.finish();
    }

    /**
     * The stream threads, never the callback threads of the timer: a handler waits for the peer's data, and on
     * the timer's pool a few stalled peers would hold every thread and stop every timer of the application.
     */
    private java.util.concurrent.Executor executor() {
        java.util.concurrent.Executor streams = settings.streams;
        if (streams != null) return streams;
        return task -> {        // no application threads (a session outside any container): a thread of its own
            Thread thread = new Thread(task, "wsgate-stream");
            thread.setDaemon(true);
            thread.start();
        };
    }

    /** The connection ended or failed: a handler still waiting for data of its message gets an IOException. */
    private void cutOffStream(String why, Throwable cause) {
        InboundStream stream = activeStream;
        if (stream != null) stream.fail(new IOException("the WebSocket message was cut off: " + why, cause));
    }

    @Override
    @SuppressWarnings("unchecked")
    public void onPong(ByteBuffer payload) {
        EngineThread.enter();
        try {
            // A copy: while a stream handler runs, the pong waits for it, after the engine's buffer is gone.
            WsgatePongMessage pong = new WsgatePongMessage(RemoteBase.copy(payload));
            serializer.runNowOrAfterCurrent(() -> {
                if (session == null) return;
                HandlerRegistration registration = session.handlers().forSlot(NativeType.PONG);
                if (registration == null) return;
                try {
                    ((MessageHandler.Whole<PongMessage>) registration.handler()).onMessage(pong);
                } catch (Throwable t) {
                    reportError(t);
                }
            });
        } finally {
            EngineThread.exit();
        }
    }

    @Override
    public void onClose(int code, String reason, boolean byEngine) {
        // Jakarta WebSocket 2.1.5: a session the container closes on its own account (idle timeout, a full
        // outbound queue) is reported to the endpoint as 1006; a close caused by what the peer sent (a protocol
        // error, invalid UTF-8, a message too big) keeps the code that went on the wire.
        boolean peersFault = code == CloseReason.CloseCodes.PROTOCOL_ERROR.getCode()
                || code == CloseReason.CloseCodes.NOT_CONSISTENT.getCode()
                || code == CloseReason.CloseCodes.TOO_BIG.getCode();
        onClose(byEngine && !peersFault ? CloseReason.CloseCodes.CLOSED_ABNORMALLY.getCode() : code, reason);
    }

    @Override
    public void onClose(int code, String reason) {
        cutOffStream("the connection closed (" + code + (reason == null || reason.isEmpty() ? "" : " " + reason) + ")", null);
        EngineThread.enter();
        try {
            serializer.runNowOrAfterCurrent(() -> close(code, reason));
        } finally {
            EngineThread.exit();
        }
    }

    private void close(int code, String reason) {
        if (session == null || session.isClosed()) return;
        session.connectionEnded();
        CloseReason closeReason = session.localCloseReason();
        if (closeReason == null) closeReason = closeReason(code, reason);
        try {
            if (endpointOpened) callbacks.onClose(session, closeReason);
        } catch (Throwable t) {
            reportError(t);     // what onClose itself threw still reaches onError, as on Tomcat and Jetty
        } finally {
            endpointClosed = true;
            RuntimeException failure = session.decoders().destroy();
            if (failure != null) Log.LOG.log(System.Logger.Level.WARNING, "a decoder's destroy() failed", failure);
            failure = session.encoders().destroy();
            if (failure != null) Log.LOG.log(System.Logger.Level.WARNING, "an encoder's destroy() failed", failure);
            openSessions.remove(session);
            if (httpSessionLink != null) httpSessionLink.remove(session);
            session.markClosed();
        }
    }

    static CloseReason closeReason(int code, String reason) {
        CloseReason.CloseCode closeCode;
        try {
            closeCode = CloseReason.CloseCodes.getCloseCode(code);
        } catch (IllegalArgumentException outOfRange) {
            closeCode = () -> code;
        }
        String phrase = reason;
        if (phrase != null && phrase.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 123) phrase = null;
        return new CloseReason(closeCode, phrase);
    }

    @Override
    public void onError(Throwable cause) {
        cutOffStream(String.valueOf(cause.getMessage()), cause);
        EngineThread.enter();
        try {
            serializer.runNowOrAfterCurrent(() -> reportError(cause));
        } finally {
            EngineThread.exit();
        }
    }

    private void reportError(Throwable error) {
        if (session == null || !endpointOpened) {
            Log.LOG.log(System.Logger.Level.DEBUG, "WebSocket error before the endpoint opened: " + error);
            return;
        }
        if (endpointClosed) {
            Log.LOG.log(System.Logger.Level.DEBUG, "WebSocket error after the endpoint's onClose: " + error);
            return;
        }
        callbacks.onError(session, error);
    }
}
