package io.wsgate.bench.load;

import io.wsgate.bench.raw.RawEchoServer;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The generator's numbers are only worth something if it notices every wrong byte; these check that it does. */
class LoadGeneratorTest {

    private static final Settings TINY = Settings.quick().withTimes(Duration.ofMillis(200), Duration.ofMillis(300));

    @Test
    void echoesFromTheRawServerAreAllValid() throws Exception {
        try (RawEchoServer server = RawEchoServer.start(0)) {
            Errors errors = new Errors();
            ScenarioResult result = new SmallEchoScenario().run(
                    Target.at(new InetSocketAddress("127.0.0.1", server.port())), TINY, errors);
            assertEquals(0, errors.count(), () -> errors.samples().toString());
            assertTrue(result.metrics().get("small.rate") > 0);
        }
    }

    @Test
    void largeEchoesStreamedThroughTheRawServerAreAllValid() throws Exception {
        try (RawEchoServer server = RawEchoServer.start(0)) {
            Errors errors = new Errors();
            ScenarioResult result = new LargeEchoScenario().run(
                    Target.at(new InetSocketAddress("127.0.0.1", server.port())), TINY, errors);
            assertEquals(0, errors.count(), () -> errors.samples().toString());
            assertTrue(result.metrics().get("large.rate") > 0);
        }
    }

    @Test
    void oneWrongByteInAnEchoIsCounted() throws Exception {
        try (ScriptedServer server = new ScriptedServer(true, (in, out) -> {
            byte[] payload = ScriptedServer.readClientFrame(in);
            payload[17] ^= 0x01;
            ScriptedServer.writeFrame(out, 0x81, payload);
        })) {
            Errors errors = sendOneAndWait(server.address(), false);
            assertEquals(1, errors.count());
            assertTrue(errors.samples().get(0).contains("echo differs at byte 17"), errors.samples().toString());
        }
    }

    @Test
    void aWrongAcceptHeaderIsCounted() throws Exception {
        try (ScriptedServer server = new ScriptedServer(false, (in, out) -> { })) {
            Errors errors = sendOneAndWait(server.address(), false);
            assertEquals(1, errors.count());
            assertTrue(errors.samples().get(0).contains("Sec-WebSocket-Accept"), errors.samples().toString());
        }
    }

    @Test
    void aFragmentedEchoWithAPingInBetweenIsAccepted() throws Exception {
        try (ScriptedServer server = new ScriptedServer(true, (in, out) -> {
            byte[] payload = ScriptedServer.readClientFrame(in);
            ScriptedServer.writeFrame(out, 0x01, Arrays.copyOfRange(payload, 0, 10));
            ScriptedServer.writeFrame(out, 0x89, new byte[] {1, 2, 3});
            ScriptedServer.writeFrame(out, 0x80, Arrays.copyOfRange(payload, 10, payload.length));
            byte[] pong = ScriptedServer.readClientFrame(in);
            if (!Arrays.equals(pong, new byte[] {1, 2, 3})) {
                throw new AssertionError("pong payload " + Arrays.toString(pong));
            }
        })) {
            Errors errors = sendOneAndWait(server.address(), true, server);
            assertEquals(0, errors.count(), () -> errors.samples().toString());
        }
    }

    @Test
    void anEchoThatIsTooShortIsCounted() throws Exception {
        try (ScriptedServer server = new ScriptedServer(true, (in, out) -> {
            byte[] payload = ScriptedServer.readClientFrame(in);
            ScriptedServer.writeFrame(out, 0x81, Arrays.copyOf(payload, payload.length - 1));
        })) {
            Errors errors = sendOneAndWait(server.address(), false);
            assertEquals(1, errors.count());
            assertTrue(errors.samples().get(0).contains("expected 64"), errors.samples().toString());
        }
    }

    @Test
    void withDeflateTheGeneratorCompressesWhatItSendsAndInflatesWhatItReceives() throws Exception {
        int[] firstByte = new int[1];
        try (ScriptedServer server = new ScriptedServer(true, "permessage-deflate", (in, out) -> {
            byte[] message = inflate(ScriptedServer.readClientFrame(in, firstByte));
            ScriptedServer.writeFrame(out, 0xC1, deflate(message)); // FIN + RSV1 + text
        })) {
            Errors errors = sendOneAndWait(server.address(), true, server, "permessage-deflate");
            assertEquals(0, errors.count(), () -> errors.samples().toString());
            assertEquals(0xC1, firstByte[0], "the client's frame: FIN, RSV1, text");
        }
    }

    @Test
    void oneWrongByteInACompressedEchoIsCounted() throws Exception {
        try (ScriptedServer server = new ScriptedServer(true, "permessage-deflate", (in, out) -> {
            byte[] message = inflate(ScriptedServer.readClientFrame(in));
            message[17] ^= 0x01;
            ScriptedServer.writeFrame(out, 0xC1, deflate(message));
        })) {
            Errors errors = sendOneAndWait(server.address(), false, null, "permessage-deflate");
            assertEquals(1, errors.count());
            assertTrue(errors.samples().get(0).contains("inflated echo differs at byte 17"), errors.samples().toString());
        }
    }

    @Test
    void aServerThatDeclinesTheOfferIsCounted() throws Exception {
        try (ScriptedServer server = new ScriptedServer(true, (in, out) -> { })) {
            Errors errors = sendOneAndWait(server.address(), false, null, "permessage-deflate");
            assertEquals(1, errors.count());
            assertTrue(errors.samples().get(0).contains("offered permessage-deflate"), errors.samples().toString());
        }
    }

    /** RFC 7692 7.2.2: the payload plus the sync flush's empty block, inflated. */
    private static byte[] inflate(byte[] compressed) throws java.io.IOException {
        java.util.zip.Inflater inflater = new java.util.zip.Inflater(true);
        try {
            byte[] input = Arrays.copyOf(compressed, compressed.length + 4);
            input[input.length - 2] = (byte) 0xFF;
            input[input.length - 1] = (byte) 0xFF;
            inflater.setInput(input);
            byte[] out = new byte[4096];
            int n = inflater.inflate(out);
            return Arrays.copyOf(out, n);
        } catch (java.util.zip.DataFormatException e) {
            throw new java.io.IOException(e);
        } finally {
            inflater.end();
        }
    }

    /** RFC 7692 7.2.1: compressed with a sync flush, its empty block left off. */
    private static byte[] deflate(byte[] message) {
        java.util.zip.Deflater deflater = new java.util.zip.Deflater(6, true);
        try {
            deflater.setInput(message);
            byte[] out = new byte[4096];
            int n = deflater.deflate(out, 0, out.length, java.util.zip.Deflater.SYNC_FLUSH);
            return Arrays.copyOf(out, n - 4);
        } finally {
            deflater.end();
        }
    }

    /** Opens one connection, sends one 64-byte text message expecting its echo, waits for the echo or the end. */
    private static Errors sendOneAndWait(InetSocketAddress address, boolean expectEcho) throws Exception {
        return sendOneAndWait(address, expectEcho, null);
    }

    private static Errors sendOneAndWait(InetSocketAddress address, boolean expectEcho, ScriptedServer server)
            throws Exception {
        return sendOneAndWait(address, expectEcho, server, null);
    }

    private static Errors sendOneAndWait(InetSocketAddress address, boolean expectEcho, ScriptedServer server,
                                         String extensions) throws Exception {
        Errors errors = new Errors();
        CountDownLatch echoed = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        MaskedFrame frame = MaskedFrame.text(SmallEchoScenario.asciiMessage(3, 64));
        try (LoadGenerator generator = new LoadGenerator(address, 1, errors, extensions)) {
            generator.connect(new ConnectionHandler() {
                @Override
                public void onOpen(ClientConnection connection, long now) {
                    connection.sendExpectingEcho(frame, now);
                }

                @Override
                public void onMessage(ClientConnection connection, long sent, long now) {
                    echoed.countDown();
                    connection.flush(); // the pong queued while the fragments arrived
                }

                @Override
                public void onClosed(ClientConnection connection, boolean clean, long now) {
                    closed.countDown();
                }
            });
            CountDownLatch awaited = expectEcho ? echoed : closed;
            assertTrue(awaited.await(10, TimeUnit.SECONDS), expectEcho ? "no echo" : "connection not dropped");
            if (server != null) {
                server.awaitScript(); // e.g. the pong it checks, sent while the generator is still running
            }
        }
        return errors;
    }
}
