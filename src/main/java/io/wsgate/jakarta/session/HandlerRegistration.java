package io.wsgate.jakarta.session;

import io.wsgate.jakarta.coder.NativeType;
import jakarta.websocket.MessageHandler;

import java.util.Set;

/**
 * A message handler as registered on a session: the message type it takes, whether it takes parts, and the
 * native message types (slots) it occupies. A type with both a text and a binary decoder occupies two slots.
 */
record HandlerRegistration(MessageHandler handler, Class<?> type, boolean partial, Set<NativeType> slots) {}
