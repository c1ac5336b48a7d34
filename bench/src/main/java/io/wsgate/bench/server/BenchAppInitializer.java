package io.wsgate.bench.server;

import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;

import java.util.Set;

/**
 * The benchmark "web application", set up the way a WAR would be: its listener deploys the endpoint, and the heap
 * probe servlet is mapped at {@code /bench/heap}. Found, like the WebSocket implementations' own initializers,
 * through META-INF/services.
 */
public class BenchAppInitializer implements ServletContainerInitializer {

    public static final String HEAP_PATH = "/bench/heap";

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) {
        context.addListener(EndpointRegistrar.class);
        context.addServlet("benchHeap", HeapServlet.class).addMapping(HEAP_PATH);
    }
}
