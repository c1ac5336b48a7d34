package io.wsgate.jakarta;

import io.wsgate.jakarta.session.Log;

/**
 * A class the container handed to the initializer that cannot be inspected (a nested class whose enclosing class
 * is missing from the application or is another copy of it, a method naming a class the application lacks):
 * it is left out of the deployment with a warning naming it, instead of stopping the whole application.
 */
final class ScanSkip {

    private ScanSkip() {}

    static void report(Class<?> type, Throwable error) {
        Log.LOG.log(System.Logger.Level.WARNING, "WebSocket scan: class " + type.getName()
                + " cannot be inspected and is not deployed as an endpoint (" + error
                + "); if it is meant to be one, package it with the classes it refers to (its enclosing class"
                + " included), in one copy only");
    }
}
