package io.wsgate.it.jakarta;

import jakarta.websocket.OnMessage;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;

/** Endpoint classes that break a deployment rule, for {@link NegativeDeploymentTest}. */
final class InvalidEndpoints {

    private InvalidEndpoints() {}

    /** Two methods for text messages (the @OnMessage javadoc allows one per native type). */
    @ServerEndpoint("/two-text")
    public static final class TwoTextHandlers {
        @OnMessage
        public void one(String text) {}

        @OnMessage
        public void two(String text, boolean last) {}
    }

    /** A @PathParam of a type other than String, primitives and their boxes (section 4.3). */
    @ServerEndpoint("/bad-param/{id}")
    public static final class BadPathParamType {
        @OnMessage
        public void message(String text, @PathParam("id") StringBuilder id) {}
    }

    @ServerEndpoint("/same")
    public static final class SamePathOne {
        @OnMessage
        public void message(String text) {}
    }

    @ServerEndpoint("/same")
    public static final class SamePathTwo {
        @OnMessage
        public void message(String text) {}
    }

    /** An @OnMessage method returning a type that can be neither sent as it is nor encoded. */
    @ServerEndpoint("/bad-return")
    public static final class BadReturnType {
        @OnMessage
        public StringBuilder message(String text) { return new StringBuilder(text); }
    }
}
