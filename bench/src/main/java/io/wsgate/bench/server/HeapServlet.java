package io.wsgate.bench.server;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;

/**
 * {@code GET /bench/heap}: collects garbage a few times, then reports what this server JVM still holds, as
 * {@code key=value} lines: used heap, direct NIO buffer memory, live threads and open echo sessions.
 * A plain servlet, so it also shows that non-WebSocket requests still pass through wsgate's filter.
 */
public class HeapServlet extends HttpServlet {

    private static final int GC_PASSES = 3;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        for (int i = 0; i < GC_PASSES; i++) {
            System.gc();
        }
        Runtime runtime = Runtime.getRuntime();
        long usedHeap = runtime.totalMemory() - runtime.freeMemory();
        long direct = 0;
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if ("direct".equals(pool.getName())) {
                direct = pool.getMemoryUsed();
            }
        }
        int threads = ManagementFactory.getThreadMXBean().getThreadCount();
        response.setContentType("text/plain");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().print("usedHeap=" + usedHeap + "\ndirect=" + direct + "\nthreads=" + threads
                + "\nsessions=" + EchoEndpoint.OPEN_SESSIONS.get() + "\nrss=" + rss() + "\n");
    }

    /** Resident set size in bytes (Linux), -1 elsewhere: native memory (zlib's) shows only here. */
    private static long rss() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }
}
