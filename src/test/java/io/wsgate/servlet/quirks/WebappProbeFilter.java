package io.wsgate.servlet.quirks;

import io.wsgate.servlet.ContainerQuirks;
import io.wsgate.servlet.ContainerQuirks.Workaround;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Map;

/**
 * {@link ProbeFilter} as a web application would deploy it: created by class name inside a WebAppClassLoader. It
 * reports through a context attribute holding a JDK map (JDK types are the only ones both class loaders share).
 */
public final class WebappProbeFilter extends HttpFilter {

    public static final String REPORT_ATTRIBUTE = "wsgate.test.report";

    private ProbeFilter delegate;

    @Override
    @SuppressWarnings("unchecked")
    public void init() throws ServletException {
        Map<String, Object> report = (Map<String, Object>) getServletContext().getAttribute(REPORT_ATTRIBUTE);
        report.put("quirksLoader", ContainerQuirks.class.getClassLoader().getClass().getName());
        try {
            Class.forName("org.eclipse.jetty.server.Request", false, ContainerQuirks.class.getClassLoader());
            report.put("jettyHiddenFromWebapp", false);
        } catch (ClassNotFoundException expected) {
            report.put("jettyHiddenFromWebapp", true);
        }
        ProbeRecorder recorder = new ProbeRecorder((request, connection, r) -> {
            for (Workaround w : Workaround.values()) {
                report.put("engaged:" + w.id(), r.quirks().isEngaged(w));
            }
            report.put(Workaround.ASYNC_TIMEOUT.id(), r.quirks().disableAsyncTimeout(request));
            report.put(Workaround.IDLE_TIMEOUT.id(), r.quirks().disableIdleTimeout(request));
            report.put(Workaround.STALE_EOF.id(), r.quirks().clearStaleEof(request));
        });
        report.put("hookDone", recorder.hookDone);
        report.put("firstReadEvent", recorder.firstReadEvent);
        delegate = new ProbeFilter(recorder);
        delegate.init(getFilterConfig());
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        delegate.doFilter(request, response, chain);
    }
}
