package com.example.tiny;

import jakarta.websocket.OnMessage;
import jakarta.websocket.server.ServerEndpoint;

/** README, step 3, as written there. */
@ServerEndpoint("/echo")
public class EchoEndpoint {
    @OnMessage
    public String echo(String text) {
        return text;
    }
}
