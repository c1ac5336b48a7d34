package io.wsgate.sample;

import java.util.List;
import java.util.regex.Pattern;

/**
 * What a Tomcat that stopped or reloaded applications still holds of them: web-application class loaders, threads
 * wsgate started, and the warnings Tomcat logs when it finds such leftovers as an application stops.
 */
final class TomcatLeaks {

    static final String WEBAPP_CLASS_LOADER = "org.apache.catalina.loader.ParallelWebappClassLoader";

    /** Tomcat's leak warnings (WebappClassLoaderBase): threads not stopped, ThreadLocals not removed, and the like. */
    private static final Pattern WARNING = Pattern.compile(
            "appears to have started a thread|failed to stop|memory leak", Pattern.CASE_INSENSITIVE);

    private final TomcatDistribution tomcat;
    private final Jcmd jvm;

    TomcatLeaks(TomcatDistribution tomcat) {
        this.tomcat = tomcat;
        this.jvm = new Jcmd(tomcat.javaPid());
    }

    /** Web-application class loaders still reachable after a full GC (one per deployed application is expected). */
    long webappClassLoaders() throws Exception {
        return jvm.histogram().instances(WEBAPP_CLASS_LOADER);
    }

    /** Threads whose name says wsgate started them. */
    List<String> wsgateThreads() throws Exception {
        return jvm.threadNames().stream().filter(name -> name.toLowerCase().contains("wsgate")).toList();
    }

    /** The leak warnings Tomcat has logged so far. */
    List<String> warnings() {
        return tomcat.logLines().stream().filter(line -> WARNING.matcher(line).find()).toList();
    }
}
