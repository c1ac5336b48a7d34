package io.wsgate.jakarta.deploy;

import io.wsgate.jakarta.coder.CoderSpec;
import io.wsgate.jakarta.coder.NativeType;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DecodeException;
import jakarta.websocket.Decoder;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

class AnnotatedEndpointModelTest {

    public static class Thing {
        final String value;
        public Thing(String value) { this.value = value; }
    }

    public static class ThingDecoder implements Decoder.Text<Thing> {
        @Override public Thing decode(String s) { return new Thing(s); }
        @Override public boolean willDecode(String s) { return true; }
    }

    static List<CoderSpec> decoders() throws DeploymentException {
        return CoderSpec.decoders(List.of(ThingDecoder.class), "test");
    }

    // ---- valid forms

    public static class AllForms {
        @OnOpen public void open(@PathParam("id") int id, EndpointConfig config, Session session) {}
        @OnClose public void close(CloseReason reason, @PathParam("id") String id) {}
        @OnError public void error(Session session, Throwable t, @PathParam("id") Long id) {}
        @OnMessage(maxMessageSize = 100) public String text(Session s, String message, @PathParam("id") char c) { return message; }
        @OnMessage public void binary(boolean last, byte[] part) {}
        @OnMessage public void pong(PongMessage pong, Session session) {}
    }

    @Test
    void acceptsEveryParameterOrder() throws DeploymentException {
        AnnotatedEndpointModel model = AnnotatedEndpointModel.analyse(AllForms.class, List.of());
        assertNotNull(model.onOpen());
        assertNotNull(model.onClose());
        assertNotNull(model.onError());
        assertEquals(3, model.messageMethods().size());
        AnnotatedEndpointModel.MessageMethod text = byName(model, "text");
        assertEquals(EnumSet.of(NativeType.TEXT), text.slots());
        assertEquals(100, text.maxMessageSize());
        AnnotatedEndpointModel.MessageMethod binary = byName(model, "binary");
        assertTrue(binary.partial());
        assertEquals(byte[].class, binary.messageType());
        assertEquals(EnumSet.of(NativeType.PONG), byName(model, "pong").slots());
    }

    private static AnnotatedEndpointModel.MessageMethod byName(AnnotatedEndpointModel model, String name) {
        return model.messageMethods().stream().filter(m -> m.method().method().getName().equals(name)).findFirst().orElseThrow();
    }

    public static class Kinds {
        @OnMessage public void reader(Reader r) {}
        @OnMessage public void stream(InputStream in, Session s) {}
    }

    public static class Decoded {
        @OnMessage public void thing(Thing t) {}
        @OnMessage public void bytes(ByteBuffer b, boolean last) {}
    }

    public static class PrimitiveText {
        @OnMessage public int number(int n) { return n; }
    }

    @Test
    void readerStreamDecodedAndPrimitiveMessages() throws DeploymentException {
        assertEquals(2, AnnotatedEndpointModel.analyse(Kinds.class, List.of()).messageMethods().size());
        AnnotatedEndpointModel decoded = AnnotatedEndpointModel.analyse(Decoded.class, decoders());
        assertEquals(EnumSet.of(NativeType.TEXT), byName(decoded, "thing").slots());
        assertEquals(EnumSet.of(NativeType.TEXT), AnnotatedEndpointModel.analyse(PrimitiveText.class, List.of())
                .messageMethods().get(0).slots());
    }

    // ---- invalid forms, each with the rule in the message

    public static class TwoOpens { @OnOpen public void a() {} @OnOpen public void b() {} }
    public static class TwoCloses { @OnClose public void a() {} @OnClose public void b(Session s) {} }
    public static class TwoErrors { @OnError public void a(Throwable t) {} @OnError public void b(Throwable t) {} }
    public static class OpenTooManyArgs { @OnOpen public void a(Session s, String notAPathParam) {} }
    public static class OpenTwoSessions { @OnOpen public void a(Session s, Session t) {} }
    public static class CloseTooManyArgs { @OnClose public void a(Session s, CloseReason r, int x) {} }
    public static class ErrorWithoutThrowable { @OnError public void a(Session s) {} }
    public static class ErrorTooManyArgs { @OnError public void a(Throwable t, Throwable u) {} }
    public static class ErrorWithException { @OnError public void a(Exception e) {} }
    public static class TextDuplicate { @OnMessage public void a(String s) {} @OnMessage public void b(Reader r) {} }
    public static class BinaryDuplicate { @OnMessage public void a(byte[] b) {} @OnMessage public void b(ByteBuffer b, boolean last) {} }
    public static class PongDuplicate { @OnMessage public void a(PongMessage p) {} @OnMessage public void b(PongMessage p, Session s) {} }
    public static class TextStringInt { @OnMessage public void a(String s, int i) {} }
    public static class BinaryByteBufferInt { @OnMessage public void a(ByteBuffer b, int i) {} }
    public static class ReaderBoolean { @OnMessage public void a(Reader r, boolean last) {} }
    public static class InputStreamBoolean { @OnMessage public void a(InputStream in, boolean last) {} }
    public static class PongBoolean { @OnMessage public void a(PongMessage p, boolean last) {} }
    public static class BigDecimalNoDecoder { @OnMessage public void a(BigDecimal d) {} }
    public static class NoMessageParam { @OnMessage public void a(Session s) {} }
    public static class BadPathParamType { @OnMessage public void a(String s, @PathParam("x") Object x) {} }
    public static class TooBig { @OnMessage(maxMessageSize = Integer.MAX_VALUE + 1L) public void a(String s) {} }
    public static class NotPublicMethod { @OnMessage void a(String s) {} }
    public abstract static class AbstractEndpoint { @OnMessage public void a(String s) {} }
    static class NotPublicClass { @OnMessage public void a(String s) {} }
    public static class ReturnsUnsendable { @OnMessage public StringBuilder a(String s) { return null; } }
    public static class ReturnsUnsendableFromBinary { @OnMessage public java.util.List<String> a(byte[] b) { return null; } }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of(TwoOpens.class, "more than one @OnOpen"),
                Arguments.of(TwoCloses.class, "more than one @OnClose"),
                Arguments.of(TwoErrors.class, "more than one @OnError"),
                Arguments.of(OpenTooManyArgs.class, "not allowed on a @OnOpen method"),
                Arguments.of(OpenTwoSessions.class, "more than one Session"),
                Arguments.of(CloseTooManyArgs.class, "not allowed on a @OnClose method"),
                Arguments.of(ErrorWithoutThrowable.class, "must have a Throwable parameter"),
                Arguments.of(ErrorTooManyArgs.class, "more than one Throwable"),
                Arguments.of(ErrorWithException.class, "not allowed on a @OnError method"),
                Arguments.of(TextDuplicate.class, "more than one @OnMessage method for text"),
                Arguments.of(BinaryDuplicate.class, "more than one @OnMessage method for binary"),
                Arguments.of(PongDuplicate.class, "more than one @OnMessage method for pong"),
                Arguments.of(TextStringInt.class, "not a valid @OnMessage form"),
                Arguments.of(BinaryByteBufferInt.class, "not a valid @OnMessage form"),
                Arguments.of(ReaderBoolean.class, "not a valid @OnMessage form"),
                Arguments.of(InputStreamBoolean.class, "not a valid @OnMessage form"),
                Arguments.of(PongBoolean.class, "not a valid @OnMessage form"),
                Arguments.of(BigDecimalNoDecoder.class, "no decoder is configured"),
                Arguments.of(NoMessageParam.class, "needs a message parameter"),
                Arguments.of(BadPathParamType.class, "must be String, a primitive type or its boxed type"),
                Arguments.of(TooBig.class, "larger than Integer.MAX_VALUE"),
                Arguments.of(NotPublicMethod.class, "must be public"),
                Arguments.of(AbstractEndpoint.class, "must be a concrete class"),
                Arguments.of(NotPublicClass.class, "must be public"),
                Arguments.of(ReturnsUnsendable.class, "returns java.lang.StringBuilder, which cannot be sent"),
                Arguments.of(ReturnsUnsendableFromBinary.class, "returns java.util.List, which cannot be sent"));
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void invalidSignaturesFailDeploymentNamingClassAndRule(Class<?> endpoint, String rule) {
        DeploymentException e = assertThrows(DeploymentException.class, () -> AnnotatedEndpointModel.analyse(endpoint, List.of()));
        assertTrue(e.getMessage().contains(endpoint.getName()), e.getMessage());
        assertTrue(e.getMessage().contains(rule), e.getMessage());
    }

    /** What an @OnMessage method may return: nothing, what a message can carry, a type an encoder takes, or a supertype of those. */
    public static class SendableReturns {
        @OnMessage public String text(String s) { return s; }
        @OnMessage public ByteBuffer binary(ByteBuffer b) { return b; }
        @OnMessage public void pong(PongMessage p) {}
    }
    public static class ReturnsBytes { @OnMessage public byte[] a(byte[] b) { return b; } }
    public static class ReturnsPrimitive { @OnMessage public int a(String s) { return 1; } }
    public static class ReturnsBoxed { @OnMessage public Double a(String s) { return 1.0; } }
    public static class ReturnsObject { @OnMessage public Object a(String s) { return s; } }
    public static class ReturnsCharSequence { @OnMessage public CharSequence a(String s) { return s; } }
    public static class ReturnsEncoded { @OnMessage public BigDecimal a(String s) { return BigDecimal.ONE; } }

    public static class BigDecimalEncoder implements jakarta.websocket.Encoder.Text<BigDecimal> {
        @Override public String encode(BigDecimal value) { return value.toPlainString(); }
    }

    @org.junit.jupiter.api.Test
    void returnTypesThatCanBeSentDeploy() throws Exception {
        for (Class<?> endpoint : List.of(SendableReturns.class, ReturnsBytes.class, ReturnsPrimitive.class,
                ReturnsBoxed.class, ReturnsObject.class, ReturnsCharSequence.class)) {
            AnnotatedEndpointModel.analyse(endpoint, List.of(), List.of());
        }
        List<io.wsgate.jakarta.coder.CoderSpec> encoders =
                io.wsgate.jakarta.coder.CoderSpec.encoders(List.of(BigDecimalEncoder.class), "test");
        AnnotatedEndpointModel.analyse(ReturnsEncoded.class, List.of(), encoders);
        DeploymentException e = assertThrows(DeploymentException.class,
                () -> AnnotatedEndpointModel.analyse(ReturnsEncoded.class, List.of(), List.of()));
        assertTrue(e.getMessage().contains("returns java.math.BigDecimal, which cannot be sent"), e.getMessage());
    }

    // ---- inheritance (section 4.8)

    public static class Parent {
        @OnMessage public void text(String s) {}
        @OnOpen public void open() {}
    }

    public static class OverridesWithoutAnnotation extends Parent {
        @Override public void text(String s) {}
    }

    public static class OwnCallbacks extends Parent {
        @OnMessage public void mine(Reader r) {}
        @OnOpen public void myOpen() {}
    }

    @Test
    void anOverrideWithoutTheAnnotationIsNotACallback() throws DeploymentException {
        AnnotatedEndpointModel model = AnnotatedEndpointModel.analyse(OverridesWithoutAnnotation.class, List.of());
        assertTrue(model.messageMethods().isEmpty());
        assertNotNull(model.onOpen());
    }

    @Test
    void aSubclassCallbackHidesTheParents() throws DeploymentException {
        AnnotatedEndpointModel model = AnnotatedEndpointModel.analyse(OwnCallbacks.class, List.of());
        assertEquals(1, model.messageMethods().size());
        assertEquals("mine", model.messageMethods().get(0).method().method().getName());
        assertEquals("myOpen", model.onOpen().method().getName());
    }

    // ---- invocation

    public static class PathParams {
        String seen;
        @OnOpen public void open(@PathParam("n") int n, @PathParam("missing") String missing, @PathParam("gone") int gone) {
            seen = n + "/" + missing + "/" + gone;
        }
    }

    @Test
    void pathParametersAreConvertedOrFailWithDecodeException() throws Exception {
        AnnotatedEndpointModel model = AnnotatedEndpointModel.analyse(PathParams.class, List.of());
        PathParams instance = new PathParams();
        model.onOpen().invoke(instance, AnnotatedMethod.Call.lifecycle(null, null, null, null, Map.of("n", "12")));
        assertEquals("12/null/0", instance.seen);
        assertThrows(DecodeException.class, () -> model.onOpen().invoke(instance,
                AnnotatedMethod.Call.lifecycle(null, null, null, null, Map.of("n", "twelve"))));
    }

    public static class Throws {
        @OnOpen public void open() throws java.io.IOException { throw new java.io.IOException("boom"); }
    }

    @Test
    void exceptionsComeOutUnwrapped() throws Exception {
        AnnotatedEndpointModel model = AnnotatedEndpointModel.analyse(Throws.class, List.of());
        java.io.IOException e = assertThrows(java.io.IOException.class, () -> model.onOpen().invoke(new Throws(),
                AnnotatedMethod.Call.lifecycle(null, null, null, null, Map.of())));
        assertEquals("boom", e.getMessage());
    }
}
