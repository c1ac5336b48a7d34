package io.wsgate.it;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Numbered client tasks run from 4 threads at once (each takes every fourth number): load without a thread each. */
final class FourClients {

    interface Task {
        void run(int i) throws Exception;
    }

    private FourClients() {}

    /** Runs tasks 0 to {@code count - 1}; the first failure is thrown once all threads ended. */
    static void run(int count, Task task) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int first = t;
                done.add(clients.submit(() -> {
                    for (int i = first; i < count; i += 4) task.run(i);
                    return null;
                }));
            }
            for (Future<?> f : done) f.get();
        } finally {
            clients.shutdown();
        }
    }
}
