package io.wsgate.jakarta.session;

import io.wsgate.engine.WebSocketPolicy;
import io.wsgate.engine.WebSocketSession;
import io.wsgate.jakarta.coder.CoderSpec;
import io.wsgate.jakarta.coder.NativeType;
import io.wsgate.jakarta.remote.AsyncRemote;
import io.wsgate.jakarta.remote.BasicRemote;
import io.wsgate.jakarta.remote.BlockingSend;
import io.wsgate.jakarta.remote.Outbound;
import jakarta.websocket.CloseReason;
import jakarta.websocket.EncodeException;
import jakarta.websocket.Extension;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;
import jakarta.websocket.WebSocketContainer;

import java.io.IOException;
import java.net.URI;
import java.security.Principal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The Jakarta {@link Session} of one connection, on top of the engine's {@link WebSocketSession}.
 *
 * <p>States: open; closing once {@code close()} was called or the connection ended (information is still readable,
 * as the endpoint's onClose needs it); closed once the endpoint's onClose returned, after which every method but
 * {@code close()}, {@code isOpen()} and {@code getId()} throws IllegalStateException.
 */
public final class WsgateSession implements Session {

    private enum State { OPEN, CLOSING, CLOSED }

    private final String id;
    private final WebSocketContainer container;
    private final WebSocketSession ws;
    private final HandshakeInfo handshake;
    private final Map<String, String> pathParameters;
    private final Map<String, Object> userProperties;
    private final Set<? extends Session> openSessionsOfEndpoint;
    private final MessageHandlers handlers;
    private final DecoderSet decoders;
    private final EncoderSet encoders;
    private final Outbound outbound;
    private final BasicRemote basic;
    private final AsyncRemote async;
    private final Consumer<Throwable> errorReporter;
    private final long blockingSendTimeout;
    private volatile State state = State.OPEN;
    private volatile CloseReason localCloseReason;

    WsgateSession(Settings settings, WebSocketSession ws, HandshakeInfo handshake, Map<String, String> pathParameters,
                  Map<String, Object> userProperties, Consumer<Throwable> errorReporter) {
        this.id = settings.id;
        this.container = settings.container;
        this.ws = ws;
        this.handshake = handshake;
        this.pathParameters = PathParameters.copyOf(pathParameters);
        this.userProperties = userProperties;
        this.openSessionsOfEndpoint = settings.openSessions;
        this.handlers = new MessageHandlers(settings.decoders);
        this.decoders = new DecoderSet(settings.decoders);
        this.encoders = new EncoderSet(settings.encoders);
        this.outbound = new Outbound(ws, settings.timer);
        this.basic = new BasicRemote(this);
        this.async = new AsyncRemote(this, settings.asyncSendTimeout);
        this.errorReporter = errorReporter;
        this.blockingSendTimeout = settings.blockingSendTimeout;
    }

    /** What a session takes from its container and endpoint. */
    public static final class Settings {
        public String id;
        public WebSocketContainer container;
        public Set<? extends Session> openSessions = Set.of();
        public List<CoderSpec> decoders = List.of();
        public List<CoderSpec> encoders = List.of();
        /** Clock and send-timeout timer (the application's, see WebSocketUpgrader#scheduler); null for none. */
        public io.wsgate.engine.Scheduler timer;
        /**
         * Where handlers of streamed messages run, never the timer's callback threads (a handler waits for the
         * network as long as the peer likes); null: a thread of its own for each.
         */
        public java.util.concurrent.Executor streams;
        public long asyncSendTimeout;
        public long blockingSendTimeout;
    }

    // ---- lifecycle, used by JakartaConnection

    DecoderSet decoders() { return decoders; }

    EncoderSet encoders() { return encoders; }

    public MessageHandlers handlers() { return handlers; }

    /** The Session's buffer sizes (getMaxTextMessageBufferSize...), -1 until first read from the engine's policy. */
    private long textBufferSize = -1;
    private long binaryBufferSize = -1;

    public Outbound outbound() { return outbound; }

    WebSocketSession engineSession() { return ws; }

    public long blockingSendTimeout() { return blockingSendTimeout; }

    public BlockingSend blockingSend() {
        return new BlockingSend(lateFailureReporter);
    }

    /** One instance for all of the session's blocking sends, which keep it while queued. */
    private final Consumer<Throwable> lateFailureReporter = this::reportLateFailure;

    /** A send the application was told had succeeded failed later; its error handler hears about it. */
    private void reportLateFailure(Throwable failure) {
        if (state == State.OPEN) errorReporter.accept(failure);
    }

    /** The close reason the application gave, if it closed the session. */
    CloseReason localCloseReason() { return localCloseReason; }

    /** The connection ended: nothing more can be sent, information stays readable for onClose. */
    void connectionEnded() {
        if (state == State.OPEN) state = State.CLOSING;
        outbound.close(new IOException("the WebSocket session is closed"));
        Runnable[] actions;
        synchronized (this) {
            actions = endedActions;
            endedActions = ENDED;
        }
        for (Runnable action : actions) {
            try {
                action.run();
            } catch (RuntimeException e) {
                Log.LOG.log(System.Logger.Level.WARNING, "an action run when the session ended failed", e);
            }
        }
    }

    private static final Runnable[] NONE = new Runnable[0];
    private static final Runnable[] ENDED = new Runnable[0];
    /** Run once when the connection ends (e.g. the cluster hub's unsubscribe); ENDED once they have run. */
    private Runnable[] endedActions = NONE;

    /**
     * Runs {@code action} once, when the connection ends (before the endpoint's onClose), or at once if it already
     * has. For add-ons such as {@code io.wsgate.cluster} that must forget a session when it closes.
     */
    public void whenEnded(Runnable action) {
        synchronized (this) {
            if (endedActions != ENDED) {
                Runnable[] more = java.util.Arrays.copyOf(endedActions, endedActions.length + 1);
                more[endedActions.length] = action;
                endedActions = more;
                return;
            }
        }
        action.run();
    }

    /** The endpoint's onClose returned: the session is no longer usable. */
    void markClosed() {
        state = State.CLOSED;
    }

    boolean isClosed() { return state == State.CLOSED; }

    public void checkCanSend() throws IOException {
        if (state != State.OPEN || !ws.isOpen()) throw new IOException("the WebSocket session is closed");
    }

    public EncoderSet.Encoded encode(Object data) throws EncodeException, IOException {
        checkNotClosed();
        return encoders.encode(data);   // one thread at a time, see EncoderSet
    }

    private void checkNotClosed() {
        if (state == State.CLOSED) throw new IllegalStateException("the WebSocket session " + id + " is closed");
    }

    // ---- Session

    @Override
    public WebSocketContainer getContainer() {
        checkNotClosed();
        return container;
    }

    @Override
    public void addMessageHandler(MessageHandler handler) throws IllegalStateException {
        checkNotClosed();
        handlers.add(handler);
        syncEngineLimits();
    }

    @Override
    public <T> void addMessageHandler(Class<T> clazz, MessageHandler.Whole<T> handler) {
        checkNotClosed();
        handlers.add(handler, clazz, false);
        syncEngineLimits();
    }

    @Override
    public <T> void addMessageHandler(Class<T> clazz, MessageHandler.Partial<T> handler) {
        checkNotClosed();
        handlers.add(handler, clazz, true);
        syncEngineLimits();
    }

    @Override
    public Set<MessageHandler> getMessageHandlers() {
        checkNotClosed();
        return handlers.all();
    }

    @Override
    public void removeMessageHandler(MessageHandler handler) {
        checkNotClosed();
        handlers.remove(handler);
        syncEngineLimits();
    }

    @Override
    public String getProtocolVersion() {
        checkNotClosed();
        return "13";
    }

    @Override
    public String getNegotiatedSubprotocol() {
        checkNotClosed();
        return handshake.subprotocol() == null ? "" : handshake.subprotocol();
    }

    @Override
    public List<Extension> getNegotiatedExtensions() {
        checkNotClosed();
        return handshake.extensions();
    }

    @Override
    public boolean isSecure() {
        checkNotClosed();
        return handshake.secure();
    }

    @Override
    public boolean isOpen() {
        return state == State.OPEN && ws.isOpen();
    }

    @Override
    public long getMaxIdleTimeout() {
        checkNotClosed();
        return ws.policy().idleTimeout().toMillis();
    }

    @Override
    public void setMaxIdleTimeout(long milliseconds) {
        checkNotClosed();
        ws.policy().idleTimeout(milliseconds <= 0 ? Duration.ZERO : Duration.ofMillis(milliseconds));
        // The engine arms its idle timer from the policy only when told: without this an open session kept the
        // timeout it opened with (none, by default) and never timed out.
        ws.policyChanged();
    }

    @Override
    public void setMaxBinaryMessageBufferSize(int length) {
        checkNotClosed();
        binaryBufferSize();
        binaryBufferSize = positive(length);
        syncEngineLimits();
    }

    @Override
    public int getMaxBinaryMessageBufferSize() {
        checkNotClosed();
        return asInt(binaryBufferSize());
    }

    @Override
    public void setMaxTextMessageBufferSize(int length) {
        checkNotClosed();
        textBufferSize();
        textBufferSize = positive(length);
        syncEngineLimits();
    }

    @Override
    public int getMaxTextMessageBufferSize() {
        checkNotClosed();
        return asInt(textBufferSize());
    }

    /** The session's text buffer size: what the engine's limit was when first asked, or what was set since. */
    private synchronized long textBufferSize() {
        if (textBufferSize < 0) textBufferSize = ws.policy().maxTextMessageSize();
        return textBufferSize;
    }

    private synchronized long binaryBufferSize() {
        if (binaryBufferSize < 0) binaryBufferSize = ws.policy().maxBinaryMessageSize();
        return binaryBufferSize;
    }

    /**
     * The engine refuses (1009) a message longer than its limit, from the frame header. The buffer sizes limit
     * what a session buffers: a partial handler buffers nothing, so for its message type the engine's limit is
     * lifted (as Tomcat and Jetty deliver any length to partial handlers), and restored when a whole handler
     * takes its place.
     */
    public synchronized void syncEngineLimits() {
        long text = textBufferSize();
        long binary = binaryBufferSize();
        HandlerRegistration textHandler = handlers.forSlot(NativeType.TEXT);
        HandlerRegistration binaryHandler = handlers.forSlot(NativeType.BINARY);
        ws.policy().maxTextMessageSize(textHandler != null && textHandler.partial() ? 0 : text);
        ws.policy().maxBinaryMessageSize(binaryHandler != null && binaryHandler.partial() ? 0 : binary);
    }

    private static int positive(int length) {
        if (length <= 0) throw new IllegalArgumentException("buffer size must be positive: " + length);
        return length;
    }

    /** The engine's 0 means "no limit", which the int API can only say as Integer.MAX_VALUE. */
    public static int asInt(long limit) {
        return limit <= 0 || limit > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) limit;
    }

    @Override
    public RemoteEndpoint.Async getAsyncRemote() {
        checkNotClosed();
        return async;
    }

    @Override
    public RemoteEndpoint.Basic getBasicRemote() {
        checkNotClosed();
        return basic;
    }

    @Override
    public String getId() {
        return id;
    }

    @Override
    public void close() throws IOException {
        close(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, null));
    }

    @Override
    public void close(CloseReason closeReason) throws IOException {
        if (closeReason == null) throw new IllegalArgumentException("closeReason must not be null");
        synchronized (this) {
            if (state != State.OPEN) return;     // like Closeable: closing again has no effect
            state = State.CLOSING;
            localCloseReason = closeReason;
        }
        outbound.close(new IOException("the WebSocket session is closing"));
        EngineClose.close(ws, closeReason.getCloseCode().getCode(), closeReason.getReasonPhrase());
    }

    @Override
    public URI getRequestURI() {
        checkNotClosed();
        return handshake.requestUri();
    }

    @Override
    public Map<String, List<String>> getRequestParameterMap() {
        checkNotClosed();
        return handshake.parameterMap();
    }

    @Override
    public String getQueryString() {
        checkNotClosed();
        return handshake.queryString();
    }

    @Override
    public Map<String, String> getPathParameters() {
        checkNotClosed();
        return pathParameters;
    }

    @Override
    public Map<String, Object> getUserProperties() {
        checkNotClosed();
        return userProperties;
    }

    @Override
    public Principal getUserPrincipal() {
        checkNotClosed();
        return handshake.userPrincipal();
    }

    @Override
    public Set<Session> getOpenSessions() {
        checkNotClosed();
        Set<Session> open = new java.util.HashSet<>();
        for (Session s : openSessionsOfEndpoint) {
            if (s.isOpen()) open.add(s);
        }
        return open;
    }

    /** Applies the limits a connection starts with (container defaults, @OnMessage maxMessageSize). */
    WebSocketPolicy policy() { return ws.policy(); }

    @Override
    public String toString() {
        return "WsgateSession[" + id + ", " + state + "]";
    }
}
