package io.wsgate.jakarta;

/** The three kinds of incoming message a session has one handler slot for. */
enum NativeType { TEXT, BINARY, PONG }
