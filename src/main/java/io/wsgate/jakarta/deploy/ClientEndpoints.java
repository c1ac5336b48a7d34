package io.wsgate.jakarta.deploy;

import io.wsgate.jakarta.coder.CoderSpec;
import io.wsgate.jakarta.session.EndpointCallbacks;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;

import java.util.List;
import java.util.Map;

/**
 * The endpoint side of a client connection: the same annotated-endpoint model and callbacks as a server endpoint
 * (a {@code @ClientEndpoint} class follows the rules of chapter 4 too, without path parameters), or a programmatic
 * {@link Endpoint}.
 */
public final class ClientEndpoints {

    private ClientEndpoints() {}

    /** Validates an annotated client endpoint's class and returns the callbacks for {@code instance}. */
    public static EndpointCallbacks annotated(Object instance, List<CoderSpec> decoders) throws DeploymentException {
        AnnotatedEndpointModel model = AnnotatedEndpointModel.analyse(instance.getClass(), decoders);
        return new AnnotatedCallbacks(model, instance, Map.of());
    }

    public static EndpointCallbacks programmatic(Endpoint endpoint) {
        return new ProgrammaticCallbacks(endpoint);
    }
}
