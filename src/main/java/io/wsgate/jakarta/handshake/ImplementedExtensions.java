package io.wsgate.jakarta.handshake;

import jakarta.websocket.Extension;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The one place that decides which WebSocket extensions wsgate implements. A configurator may negotiate any
 * extension the endpoint declares; only those named here go into the {@code Sec-WebSocket-Extensions} response and
 * {@code Session.getNegotiatedExtensions()}: those the container installs (permessage-deflate, unless the
 * application switched it off).
 */
public final class ImplementedExtensions {

    private ImplementedExtensions() {}

    /**
     * What a configurator's {@code getNegotiatedExtensions} is given as installed: the endpoint's declared
     * extensions, then wsgate's own not declared under the same name.
     */
    public static List<Extension> offeredToConfigurator(List<Extension> declaredByEndpoint, Set<Extension> installed) {
        List<Extension> all = new ArrayList<>();
        Set<String> names = new HashSet<>();
        if (declaredByEndpoint != null) {
            for (Extension e : declaredByEndpoint) {
                if (e != null && names.add(e.getName())) all.add(e);
            }
        }
        for (Extension e : installed) {
            if (names.add(e.getName())) all.add(e);
        }
        return java.util.Collections.unmodifiableList(all);
    }

    /** The negotiated extensions wsgate implements, in the configurator's order. */
    public static List<Extension> usable(List<Extension> negotiated, Set<Extension> installed) {
        if (negotiated == null || negotiated.isEmpty()) return List.of();
        Set<String> implemented = new HashSet<>();
        installed.forEach(e -> implemented.add(e.getName()));
        List<Extension> usable = new ArrayList<>();
        for (Extension e : negotiated) {
            if (e != null && implemented.contains(e.getName())) usable.add(e);
        }
        return List.copyOf(usable);
    }
}
