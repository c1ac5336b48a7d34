package io.wsgate.jakarta.coder;

/** The three kinds of incoming message a session has one handler slot for. */
public enum NativeType { TEXT, BINARY, PONG }
