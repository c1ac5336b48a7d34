package io.wsgate.engine;

/** Completion of one send: {@code failure} is null when the frame(s) reached the container's output stream. */
@FunctionalInterface
public interface SendCallback {

    SendCallback NOOP = failure -> {};

    void completed(Throwable failure);
}
