package io.wsgate.it.jakarta;

import io.wsgate.it.ContainerKind;
import io.wsgate.it.Failures;
import io.wsgate.it.TestServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An invalid endpoint stops the web application from starting, with a message naming the class and the rule. */
class NegativeDeploymentTest {

    /** Starts an application scanning {@code classes}; returns every message of the failure. */
    private static String failedStart(ContainerKind kind, Class<?>... classes) {
        kind.assumeAvailable(); // before assertThrows, which would take the skip for a failure
        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> {
            TestServer server = TestServer.start(kind, JakartaApp.extras(classes), JakartaApp.withDefaultServlet(c -> {}));
            server.close();
        }, "the application started");
        return Failures.messages(failure);
    }

    private static void assertMentions(String messages, String... parts) {
        for (String part : parts) {
            assertTrue(messages.contains(part), "the failure does not mention \"" + part + "\":\n" + messages);
        }
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void twoMethodsForTextMessages(ContainerKind kind) {
        String messages = failedStart(kind, InvalidEndpoints.TwoTextHandlers.class);
        assertMentions(messages, InvalidEndpoints.TwoTextHandlers.class.getName(),
                "more than one @OnMessage method for text messages");
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void aPathParameterOfAnUnsupportedType(ContainerKind kind) {
        String messages = failedStart(kind, InvalidEndpoints.BadPathParamType.class);
        assertMentions(messages, InvalidEndpoints.BadPathParamType.class.getName(), "java.lang.StringBuilder",
                "@PathParam parameters must be String, a primitive type or its boxed type");
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void twoEndpointsOnOnePath(ContainerKind kind) {
        String messages = failedStart(kind, InvalidEndpoints.SamePathOne.class, InvalidEndpoints.SamePathTwo.class);
        // the class whose deployment broke the rule, the rule, and the class already there
        assertMentions(messages, InvalidEndpoints.SamePathTwo.class.getName() + " at '/same': duplicate endpoint path",
                "already deployed for " + InvalidEndpoints.SamePathOne.class.getName());
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void anOnMessageReturnTypeThatCannotBeSent(ContainerKind kind) {
        String messages = failedStart(kind, InvalidEndpoints.BadReturnType.class);
        assertMentions(messages, InvalidEndpoints.BadReturnType.class.getName() + ".message()",
                "returns java.lang.StringBuilder, which cannot be sent");
    }
}
