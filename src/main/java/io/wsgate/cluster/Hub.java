package io.wsgate.cluster;

import io.wsgate.engine.SendCallback;
import io.wsgate.jakarta.WsgateServerContainer;
import jakarta.servlet.ServletContext;
import jakarta.websocket.Session;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Topics, users and presence for an application's WebSocket sessions, on one node or across a cluster (see the
 * package description). One per application: {@link #of(ServletContext)} or {@link #of(Session)} finds it; unless a
 * broker was {@linkplain #install installed} (e.g. by wsgate-redis), it is a single-node hub with no thread.
 *
 * <pre>{@code
 * Hub hub = Hub.of(session);
 * hub.subscribe(session, "room:42");       // forgotten when the session closes
 * hub.publish("room:42", "hello");         // every subscriber on every node, once
 * hub.sendToUser("alice", "you have mail"); // every session of alice (Session.getUserPrincipal()) on every node
 * hub.presence("room:42");                 // users subscribed on any node
 * }</pre>
 *
 * Every method may be called from any thread, inside WebSocket callbacks too, and never waits for a session or the
 * broker. Delivery is at most once; a session whose outbound queue is full refuses the message (counted in
 * {@link #stats()}) and the others still get it.
 */
public final class Hub implements AutoCloseable {

    /** The ServletContext attribute holding the application's hub. */
    public static final String ATTRIBUTE = Hub.class.getName();

    private static final System.Logger LOG = System.getLogger("io.wsgate.cluster");
    /** Guards the ServletContext attribute (not the context itself, which applications may lock). */
    private static final Object INSTALL_LOCK = new Object();

    private final Broker broker;
    private final boolean distributed;
    private final String nodeId;
    private final LongSupplier clock;
    private final Presence presence = new Presence();
    private final List<PresenceListener> listeners = new CopyOnWriteArrayList<>();
    /** Every registered member by what the application knows it as (its Session, or the Member itself). */
    private final Map<Object, Registration> registrations = new ConcurrentHashMap<>();
    private final Map<String, Set<Member>> topics = new ConcurrentHashMap<>();
    private final Map<String, Set<Member>> users = new ConcurrentHashMap<>();
    /** Held while membership changes, so presence and the envelopes telling other nodes stay in order. */
    private final Object membership = new Object();
    private final LongAdder published = new LongAdder();
    private final LongAdder received = new LongAdder();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder malformed = new LongAdder();
    private final SendCallback counting = failure -> (failure == null ? delivered : refused).increment();
    private volatile boolean closed;

    private static final class Registration {
        final Object key;
        final Member member;
        final Set<String> topics = new HashSet<>();     // guarded by membership
        Registration(Object key, Member member) {
            this.key = key;
            this.member = member;
        }
    }

    private Hub(Broker broker, String nodeId, LongSupplier clock) {
        this.broker = Objects.requireNonNull(broker, "broker");
        this.distributed = broker.distributed();
        this.nodeId = nodeId;
        this.clock = clock;
    }

    /** A hub of one node, with no thread and nothing to close. */
    public static Hub inMemory() {
        return start(new InMemoryBroker());
    }

    /** A hub on {@code broker}, started; {@link #close()} it when the application stops. */
    public static Hub start(Broker broker) {
        return start(broker, randomNodeId(), System::currentTimeMillis);
    }

    static Hub start(Broker broker, String nodeId, LongSupplier clockMillis) {
        Hub hub = new Hub(broker, nodeId, clockMillis);
        broker.start(hub.new BrokerNode());
        if (hub.distributed) broker.publish(hub.presenceEnvelope());
        return hub;
    }

    private static String randomNodeId() {
        byte[] bytes = new byte[8];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    // ---- finding the application's hub

    /** The application's hub: the installed one, else a single-node one made on first use. */
    public static Hub of(ServletContext context) {
        synchronized (INSTALL_LOCK) {
            Object existing = context.getAttribute(ATTRIBUTE);
            if (existing instanceof Hub hub) return hub;
            Hub hub = inMemory();
            context.setAttribute(ATTRIBUTE, hub);
            return hub;
        }
    }

    /** The hub of the application {@code session} belongs to (a wsgate session). */
    public static Hub of(Session session) {
        if (session.getContainer() instanceof WsgateServerContainer container) return of(container.servletContext());
        throw new IllegalArgumentException("Hub.of(Session) needs a session of wsgate's container, not "
                + session.getClass().getName() + "; use Hub.of(ServletContext)");
    }

    /**
     * Makes a hub on {@code broker} the application's, before any {@link #of} call made a single-node one (from a
     * ServletContainerInitializer or the first ServletContextListener). Close it with {@link #uninstall}.
     */
    public static Hub install(ServletContext context, Broker broker) {
        synchronized (INSTALL_LOCK) {
            Object existing = context.getAttribute(ATTRIBUTE);
            if (existing != null) {
                throw new IllegalStateException("a Hub is already installed in " + context.getContextPath()
                        + ": install the broker before anything calls Hub.of (e.g. from the first listener)");
            }
            Hub hub = start(broker);
            context.setAttribute(ATTRIBUTE, hub);
            return hub;
        }
    }

    /** Removes and closes the application's hub, if any (from contextDestroyed). */
    public static void uninstall(ServletContext context) {
        Object existing;
        synchronized (INSTALL_LOCK) {
            existing = context.getAttribute(ATTRIBUTE);
            context.removeAttribute(ATTRIBUTE);
        }
        if (existing instanceof Hub hub) hub.close();
    }

    // ---- membership

    /** Registers a Jakarta session (named by its principal) for {@link #sendToUser}; forgotten when it closes. */
    public Member register(Session session) {
        return register(session, () -> Member.of(session, null));
    }

    /** Registers a member made by the application (engine API, or a Jakarta session with a name of its own). */
    public Member register(Member member) {
        return register(member, () -> member);
    }

    private Member register(Object key, java.util.function.Supplier<Member> make) {
        Registration existing = registrations.get(key);
        if (existing != null) return existing.member;
        Registration registration;
        synchronized (membership) {
            existing = registrations.get(key);
            if (existing != null) return existing.member;
            registration = new Registration(key, make.get());
            registrations.put(key, registration);
            String user = registration.member.user();
            if (user != null) users.computeIfAbsent(user, u -> ConcurrentHashMap.newKeySet()).add(registration.member);
        }
        registration.member.whenEnded(() -> unregisterKey(key));
        return registration.member;
    }

    /** Subscribes a Jakarta session to {@code topic} (registering it if need be). */
    public void subscribe(Session session, String topic) {
        register(session);
        subscribeKey(session, topic);
    }

    public void subscribe(Member member, String topic) {
        register(member);
        subscribeKey(member, topic);
    }

    public void unsubscribe(Session session, String topic) { unsubscribeKey(session, topic); }

    public void unsubscribe(Member member, String topic) { unsubscribeKey(member, topic); }

    /** Forgets a session: every topic and user delivery (done by itself when a wsgate session closes). */
    public void unregister(Session session) { unregisterKey(session); }

    public void unregister(Member member) { unregisterKey(member); }

    private void subscribeKey(Object key, String topic) {
        Objects.requireNonNull(topic, "topic");
        List<PresenceEvent> events = new ArrayList<>(1);
        synchronized (membership) {
            Registration registration = registrations.get(key);
            if (registration == null || !registration.topics.add(topic)) return;    // ended meanwhile, or already in
            topics.computeIfAbsent(topic, t -> ConcurrentHashMap.newKeySet()).add(registration.member);
            String user = registration.member.user();
            if (user != null && presence.localJoin(topic, user, events) && distributed) {
                broker.publish(new Envelope(Envelope.Kind.JOIN, nodeId, topic, utf8(user)).encode());
            }
        }
        tell(events);
    }

    private void unsubscribeKey(Object key, String topic) {
        List<PresenceEvent> events = new ArrayList<>(1);
        synchronized (membership) {
            Registration registration = registrations.get(key);
            if (registration == null || !registration.topics.remove(topic)) return;
            leave(registration, topic, events);
        }
        tell(events);
    }

    private void unregisterKey(Object key) {
        List<PresenceEvent> events = new ArrayList<>(0);
        synchronized (membership) {
            Registration registration = registrations.remove(key);
            if (registration == null) return;
            for (String topic : registration.topics) leave(registration, topic, events);
            registration.topics.clear();
            String user = registration.member.user();
            if (user != null) {
                Set<Member> sessions = users.get(user);
                if (sessions != null) {
                    sessions.remove(registration.member);
                    if (sessions.isEmpty()) users.remove(user);
                }
            }
        }
        tell(events);
    }

    private void leave(Registration registration, String topic, List<PresenceEvent> events) {
        Set<Member> members = topics.get(topic);
        if (members != null) {
            members.remove(registration.member);
            if (members.isEmpty()) topics.remove(topic);
        }
        String user = registration.member.user();
        if (user != null && presence.localLeave(topic, user, events) && distributed) {
            broker.publish(new Envelope(Envelope.Kind.LEAVE, nodeId, topic, utf8(user)).encode());
        }
    }

    // ---- messages

    /** Sends {@code text} to every session subscribed to {@code topic}, on every node. */
    public void publish(String topic, String text) {
        Objects.requireNonNull(text, "text");
        published.increment();
        deliverText(topics.get(topic), text);
        if (distributed) broker.publish(new Envelope(Envelope.Kind.TOPIC_TEXT, nodeId, topic, utf8(text)).encode());
    }

    /** Sends the remaining bytes of {@code data} (copied; the buffer is not changed) to the topic's subscribers. */
    public void publish(String topic, ByteBuffer data) {
        byte[] bytes = bytes(data);
        published.increment();
        deliverBinary(topics.get(topic), bytes);
        if (distributed) broker.publish(new Envelope(Envelope.Kind.TOPIC_BINARY, nodeId, topic, bytes).encode());
    }

    /** Sends {@code text} to every session of {@code user} (registered or subscribed), on every node. */
    public void sendToUser(String user, String text) {
        Objects.requireNonNull(text, "text");
        published.increment();
        deliverText(users.get(user), text);
        if (distributed) broker.publish(new Envelope(Envelope.Kind.USER_TEXT, nodeId, user, utf8(text)).encode());
    }

    public void sendToUser(String user, ByteBuffer data) {
        byte[] bytes = bytes(data);
        published.increment();
        deliverBinary(users.get(user), bytes);
        if (distributed) broker.publish(new Envelope(Envelope.Kind.USER_BINARY, nodeId, user, bytes).encode());
    }

    private void deliverText(Set<Member> members, String text) {
        if (members == null) return;
        for (Member member : members) {
            if (member.isOpen()) member.sendText(text, counting);
            else forget(member);
        }
    }

    private void deliverBinary(Set<Member> members, byte[] bytes) {
        if (members == null) return;
        ByteBuffer shared = ByteBuffer.wrap(bytes).asReadOnlyBuffer();
        for (Member member : members) {
            if (member.isOpen()) member.sendBinary(shared.duplicate(), counting);
            else forget(member);
        }
    }

    /** A member whose session closed without telling (another container's session): forgotten on first sight. */
    private void forget(Member member) {
        for (Registration registration : registrations.values()) {
            if (registration.member == member) {
                unregisterKey(registration.key);
                return;
            }
        }
    }

    // ---- presence

    /** The users subscribed to {@code topic} on any node (anonymous sessions are not listed), sorted. */
    public Set<String> presence(String topic) {
        return presence.users(topic);
    }

    public void addPresenceListener(PresenceListener listener) { listeners.add(Objects.requireNonNull(listener)); }

    public void removePresenceListener(PresenceListener listener) { listeners.remove(listener); }

    private void tell(List<PresenceEvent> events) {
        for (PresenceEvent event : events) {
            for (PresenceListener listener : listeners) {
                try {
                    listener.changed(event);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "a presence listener failed on " + event, e);
                }
            }
        }
    }

    // ---- the other nodes

    private final class BrokerNode implements Broker.Node {
        @Override
        public String id() { return nodeId; }

        @Override
        public void receive(byte[] envelope) { Hub.this.receive(envelope); }

        @Override
        public byte[] heartbeat(long ttlMillis) { return Hub.this.heartbeat(ttlMillis); }
    }

    void receive(byte[] bytes) {
        Envelope envelope;
        Map<String, Set<String>> snapshot = null;
        try {
            envelope = Envelope.decode(bytes);
            if (envelope.kind() == Envelope.Kind.HEARTBEAT) snapshot = Envelope.decodePresence(envelope.payload());
        } catch (IllegalArgumentException e) {
            malformed.increment();
            LOG.log(System.Logger.Level.WARNING, "ignored an envelope that is not wsgate's (another application "
                    + "publishing on the same channel? give each application a channel of its own): " + e.getMessage());
            return;
        }
        String from = envelope.nodeId();
        if (from.equals(nodeId) || closed) return;     // this node delivered its own when it published
        received.increment();
        List<PresenceEvent> events = new ArrayList<>(0);
        boolean unknown = false;
        if (envelope.kind() != Envelope.Kind.BYE) unknown = presence.seen(from, clock.getAsLong());
        switch (envelope.kind()) {
            case TOPIC_TEXT -> deliverText(topics.get(envelope.target()), text(envelope.payload()));
            case TOPIC_BINARY -> deliverBinary(topics.get(envelope.target()), envelope.payload());
            case USER_TEXT -> deliverText(users.get(envelope.target()), text(envelope.payload()));
            case USER_BINARY -> deliverBinary(users.get(envelope.target()), envelope.payload());
            case JOIN -> presence.remoteJoin(from, envelope.target(), text(envelope.payload()), events);
            case LEAVE -> presence.remoteLeave(from, envelope.target(), text(envelope.payload()), events);
            case HEARTBEAT -> presence.remoteSnapshot(from, snapshot, events);
            case BYE -> presence.remoteGone(from, events);
        }
        tell(events);
        // A node met for the first time (started, or back after an outage) learns this node's presence now rather
        // than at its next heartbeat.
        if (unknown) broker.publish(presenceEnvelope());
    }

    byte[] heartbeat(long ttlMillis) {
        List<PresenceEvent> events = new ArrayList<>(0);
        presence.expire(clock.getAsLong() - ttlMillis, events);
        tell(events);
        return presenceEnvelope();
    }

    private byte[] presenceEnvelope() {
        return new Envelope(Envelope.Kind.HEARTBEAT, nodeId, "", Envelope.encodePresence(presence.localSnapshot())).encode();
    }

    // ---- the rest

    public String nodeId() { return nodeId; }

    /** The other nodes this one currently hears from. */
    public Set<String> nodes() { return presence.nodes(); }

    /** Counters since start. */
    public record Stats(long published, long received, long delivered, long refused, long malformed) {}

    public Stats stats() {
        return new Stats(published.sum(), received.sum(), delivered.sum(), refused.sum(), malformed.sum());
    }

    /** Tells the other nodes this one leaves (its users leave at once there) and closes the broker. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        if (distributed) broker.publish(new Envelope(Envelope.Kind.BYE, nodeId, "", new byte[0]).encode());
        broker.close();
    }

    private static byte[] utf8(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    private static String text(byte[] bytes) { return new String(bytes, StandardCharsets.UTF_8); }

    private static byte[] bytes(ByteBuffer data) {
        byte[] bytes = new byte[data.remaining()];
        data.duplicate().get(bytes);
        return bytes;
    }

    @Override
    public String toString() { return "Hub " + nodeId + (distributed ? " on " + broker : " (single node)"); }
}
