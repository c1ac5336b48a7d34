package io.wsgate.cluster;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class HubTest {

    private long now = 1_000;
    private final FakeBus bus = new FakeBus();
    private final Hub a = Hub.start(bus.broker(), "A", () -> now);
    private final Hub b = Hub.start(bus.broker(), "B", () -> now);

    @Test
    void aTopicMessageReachesItsSubscribersOnceOnOneNode() {
        Hub hub = Hub.inMemory();
        FakeMember alice = new FakeMember("alice");
        FakeMember bob = new FakeMember("bob");
        FakeMember other = new FakeMember("carol");
        hub.subscribe(alice, "room");
        hub.subscribe(alice, "room");   // twice: still once
        hub.subscribe(bob, "room");
        hub.subscribe(other, "elsewhere");
        hub.publish("room", "hi");
        hub.publish("room", ByteBuffer.wrap("bin".getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of("hi", "binary:bin"), alice.received());
        assertEquals(List.of("hi", "binary:bin"), bob.received());
        assertEquals(List.of(), other.received());
        hub.unsubscribe(bob, "room");
        hub.publish("room", "again");
        assertEquals(List.of("hi", "binary:bin"), bob.received());
        assertEquals(5, hub.stats().delivered());
        assertEquals(0, hub.stats().refused());
    }

    @Test
    void publishedOnOneNodeEverySubscriberOnEveryNodeGetsItOnce() {
        FakeMember alice = new FakeMember("alice");
        FakeMember bob = new FakeMember("bob");
        a.subscribe(alice, "room");
        b.subscribe(bob, "room");
        a.publish("room", "from A");
        b.publish("room", "from B");
        b.publish("room", ByteBuffer.wrap("bytes".getBytes(StandardCharsets.UTF_8)));
        // the bus echoes every envelope to its publisher too, as Redis does: the node id keeps it from a second delivery
        assertEquals(List.of("from A", "from B", "binary:bytes"), alice.received());
        assertEquals(List.of("from A", "from B", "binary:bytes"), bob.received());
    }

    @Test
    void sendToUserReachesEverySessionOfThatUserOnEveryNode() {
        FakeMember aliceOnA = new FakeMember("alice");
        FakeMember aliceOnB = new FakeMember("alice");
        FakeMember bob = new FakeMember("bob");
        FakeMember anonymous = new FakeMember(null);
        a.register(aliceOnA);
        b.register(aliceOnB);
        b.register(bob);
        b.register(anonymous);
        b.sendToUser("alice", "mail");
        a.sendToUser("alice", ByteBuffer.wrap("x".getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of("mail", "binary:x"), aliceOnA.received());
        assertEquals(List.of("mail", "binary:x"), aliceOnB.received());
        assertEquals(List.of(), bob.received());
        assertEquals(List.of(), anonymous.received());
    }

    @Test
    void presenceIsTheUnionOfTheNodesWithJoinAndLeaveEventsOncePerUser() {
        List<PresenceEvent> seenOnA = new ArrayList<>();
        a.addPresenceListener(seenOnA::add);
        FakeMember alice = new FakeMember("alice");
        FakeMember bob1 = new FakeMember("bob");
        FakeMember bob2 = new FakeMember("bob");
        a.subscribe(alice, "room");
        b.subscribe(bob1, "room");
        b.subscribe(bob2, "room");      // bob's second session: no second event
        assertEquals(Set.of("alice", "bob"), a.presence("room"));
        assertEquals(Set.of("alice", "bob"), b.presence("room"));
        assertEquals(List.of(new PresenceEvent("room", "alice", true), new PresenceEvent("room", "bob", true)), seenOnA);
        bob1.end();
        assertEquals(Set.of("alice", "bob"), a.presence("room"));
        bob2.end();                     // closed: unsubscribed by itself
        assertEquals(Set.of("alice"), a.presence("room"));
        assertEquals(new PresenceEvent("room", "bob", false), seenOnA.get(seenOnA.size() - 1));
        assertEquals(3, seenOnA.size());
    }

    @Test
    void aNodeNotHeardFromWithinTheTtlLosesItsUsers() {
        FakeMember bob = new FakeMember("bob");
        b.subscribe(bob, "room");
        assertEquals(Set.of("bob"), a.presence("room"));
        List<PresenceEvent> seenOnA = new ArrayList<>();
        a.addPresenceListener(seenOnA::add);
        bus.cut = true;                 // B crashed, or lost the broker
        now += 10_000;
        a.heartbeat(15_000);
        assertEquals(Set.of("bob"), a.presence("room"), "within the TTL");
        now += 5_001;
        a.heartbeat(15_000);
        assertEquals(Set.of(), a.presence("room"));
        assertEquals(List.of(new PresenceEvent("room", "bob", false)), seenOnA);
        assertEquals(Set.of(), a.nodes());
        // B back: its next heartbeat brings bob back, and A answers with its own presence at once
        bus.cut = false;
        FakeMember alice = new FakeMember("alice");
        a.subscribe(alice, "room");
        bus.broker().publish(b.heartbeat(15_000));
        assertEquals(Set.of("alice", "bob"), a.presence("room"));
        assertEquals(Set.of("alice", "bob"), b.presence("room"));
    }

    @Test
    void aNodeThatClosesTakesItsUsersAtOnce() {
        b.subscribe(new FakeMember("bob"), "room");
        assertEquals(Set.of("bob"), a.presence("room"));
        b.close();
        assertEquals(Set.of(), a.presence("room"));
    }

    @Test
    void aNewNodeLearnsThePresenceOfTheOthersWhenItStarts() {
        a.subscribe(new FakeMember("alice"), "room");
        Hub c = Hub.start(bus.broker(), "C", () -> now);
        assertEquals(Set.of("alice"), c.presence("room"));
    }

    @Test
    void aSessionRefusingTheMessageIsCountedAndTheOthersStillGetIt() {
        FakeMember slow = new FakeMember("slow");
        slow.full = true;
        FakeMember fast = new FakeMember("fast");
        a.subscribe(slow, "room");
        a.subscribe(fast, "room");
        b.publish("room", "news");
        assertEquals(List.of("news"), fast.received());
        assertEquals(1, a.stats().refused());
        assertEquals(1, a.stats().delivered());
    }

    @Test
    void aClosedSessionThatDidNotSayIsForgottenOnTheNextDelivery() {
        FakeMember gone = new FakeMember("gone") {
            @Override
            public void whenEnded(Runnable action) {}   // another container's session: cannot tell
        };
        a.subscribe(gone, "room");
        gone.open = false;
        a.publish("room", "x");
        assertEquals(Set.of(), a.presence("room"));
    }

    /** An engine-API session as the hub sees it: sends straight into the connection, the refusal counted. */
    @Test
    void anEngineApiSessionIsAMemberToo() {
        List<String> sent = new ArrayList<>();
        io.wsgate.engine.WebSocketSession session = new io.wsgate.engine.WebSocketSession() {
            boolean open = true;
            @Override public void sendText(String text, io.wsgate.engine.SendCallback callback) {
                sent.add(text);
                callback.completed(text.equals("four") ? new io.wsgate.engine.OutboundOverflowException(1, 1, 1) : null);
            }
            @Override public void sendBinary(ByteBuffer data, io.wsgate.engine.SendCallback callback) {
                sent.add("binary:" + StandardCharsets.UTF_8.decode(data));
                callback.completed(null);
            }
            @Override public void sendTextPart(String part, boolean last, io.wsgate.engine.SendCallback callback) {}
            @Override public void sendBinaryPart(ByteBuffer part, boolean last, io.wsgate.engine.SendCallback callback) {}
            @Override public void sendPing(ByteBuffer payload, io.wsgate.engine.SendCallback callback) {}
            @Override public void sendPong(ByteBuffer payload, io.wsgate.engine.SendCallback callback) {}
            @Override public void close(int code, String reason) { open = false; }
            @Override public void abort() { open = false; }
            @Override public boolean isOpen() { return open; }
            @Override public io.wsgate.engine.WebSocketPolicy policy() { return null; }
            @Override public void policyChanged() {}
            @Override public long queuedBytes() { return 0; }
            @Override public boolean isCallbackThread() { return false; }
            @Override public void suspendReading() {}
            @Override public void resumeReading() {}
        };
        Member member = Member.of(session, "dave");
        b.subscribe(member, "room");
        assertEquals(Set.of("dave"), a.presence("room"));
        a.publish("room", "one");
        a.publish("room", ByteBuffer.wrap("two".getBytes(StandardCharsets.UTF_8)));
        a.sendToUser("dave", "three");
        a.sendToUser("dave", "four");       // refused by the session's bound (the fake says so)
        assertEquals(List.of("one", "binary:two", "three", "four"), sent);
        assertEquals(3, b.stats().delivered());
        assertEquals(1, b.stats().refused());
        b.unregister(member);               // from the listener's onClose
        assertEquals(Set.of(), a.presence("room"));
    }

    @Test
    void anEnvelopeThatIsNotWsgatesIsCountedAndIgnored() {
        bus.broker().publish("PING".getBytes(StandardCharsets.UTF_8));
        assertEquals(1, a.stats().malformed());
        assertThrows(IllegalArgumentException.class, () -> Envelope.decode(new byte[] {1, 2, 0, 0, 0, 9}));
    }

    @Test
    void lengthsInAnEnvelopeAreCheckedBeforeAnythingIsAllocated() {
        // version 1, kind 0, a node id claiming 2^31-1 bytes: refused, not an OutOfMemoryError
        assertThrows(IllegalArgumentException.class,
                () -> Envelope.decode(new byte[] {1, 0, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 'n'}));
        byte[] hugeUserCount = {0, 0, 0, 1, 0, 0, 0, 1, 't', 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0, 0, 0, 1};
        assertThrows(IllegalArgumentException.class, () -> Envelope.decodePresence(hugeUserCount));
        // A heartbeat whose presence cannot be read is counted as malformed rather than thrown at the subscriber.
        bus.broker().publish(new Envelope(Envelope.Kind.HEARTBEAT, "elsewhere", "", hugeUserCount).encode());
        assertEquals(1, a.stats().malformed());
    }

    @Test
    void envelopesAndPresenceRoundTrip() {
        Envelope e = new Envelope(Envelope.Kind.TOPIC_TEXT, "nöde", "tópic", "pay".getBytes(StandardCharsets.UTF_8));
        Envelope back = Envelope.decode(e.encode());
        assertEquals(e.kind(), back.kind());
        assertEquals(e.nodeId(), back.nodeId());
        assertEquals(e.target(), back.target());
        assertEquals("pay", new String(back.payload(), StandardCharsets.UTF_8));
        Map<String, Set<String>> presence = Map.of("a", Set.of("x", "ÿ"), "b", Set.of());
        assertEquals(presence, Envelope.decodePresence(Envelope.encodePresence(presence)));
    }
}
