package io.wsgate.redis;

import io.wsgate.cluster.Hub;
import io.wsgate.cluster.Member;
import io.wsgate.engine.SendCallback;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the Redis hop adds, without WebSocket I/O (the hub's members only count): a 64 B text published on node A
 * until a member on node B has it (one at a time), next to the same on one in-memory node; and one message to
 * 5,000 members split over two nodes until the last has it, next to 5,000 on one node. Run with
 * {@code mvn -f wsgate-redis/pom.xml test-compile} and then
 * {@code java -cp "wsgate-redis/target/test-classes:wsgate-redis/target/classes:$(cat cp.txt)" io.wsgate.redis.RedisHopBench}
 * (see README, "Scale-out (Redis)").
 */
public final class RedisHopBench {

    private static final String TEXT = "x".repeat(64);

    /** A member that counts down the current latch. */
    private static final class Counting implements Member {
        final AtomicReference<CountDownLatch> latch;
        Counting(AtomicReference<CountDownLatch> latch) { this.latch = latch; }
        @Override public String user() { return null; }
        @Override public void sendText(String text, SendCallback done) { latch.get().countDown(); done.completed(null); }
        @Override public void sendBinary(ByteBuffer data, SendCallback done) { done.completed(null); }
        @Override public boolean isOpen() { return true; }
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        try (RedisServerProcess redis = new RedisServerProcess()) {
            RedisSettings settings = RedisSettings.of(redis.uri(), "wsgate:bench");
            Hub a = Hub.start(new RedisBroker(settings));
            Hub b = Hub.start(new RedisBroker(settings));
            Hub single = Hub.inMemory();
            try {
                AtomicReference<CountDownLatch> latch = new AtomicReference<>();
                b.subscribe(new Counting(latch), "hop");
                single.subscribe(new Counting(latch), "hop");
                Thread.sleep(500);     // both subscriptions up (a benchmark, not a test)
                report("64 B, one node in memory: publish until the member has it", hop(single, latch, rounds));
                report("64 B, node A to a member on node B through Redis", hop(a, latch, rounds));

                for (int i = 0; i < 2_500; i++) {
                    a.subscribe(new Counting(latch), "fan");
                    b.subscribe(new Counting(latch), "fan");
                    single.subscribe(new Counting(latch), "fan");
                    single.subscribe(new Counting(latch), "fan");
                }
                report("fan-out to 5,000 members on one node", fanOut(single, latch, 200));
                report("fan-out to 5,000 members, 2,500 on each of two nodes", fanOut(a, latch, 200));
            } finally {
                a.close();
                b.close();
            }
        }
    }

    private static long[] hop(Hub from, AtomicReference<CountDownLatch> latch, int rounds) throws InterruptedException {
        long[] micros = new long[rounds];
        for (int i = -rounds / 10; i < rounds; i++) {
            CountDownLatch one = new CountDownLatch(1);
            latch.set(one);
            long start = System.nanoTime();
            from.publish("hop", TEXT);
            if (!one.await(5, TimeUnit.SECONDS)) throw new IllegalStateException("lost message " + i);
            if (i >= 0) micros[i] = (System.nanoTime() - start) / 1_000;
        }
        return micros;
    }

    private static long[] fanOut(Hub from, AtomicReference<CountDownLatch> latch, int rounds) throws InterruptedException {
        long[] micros = new long[rounds];
        for (int i = -rounds / 10; i < rounds; i++) {
            CountDownLatch all = new CountDownLatch(5_000);
            latch.set(all);
            long start = System.nanoTime();
            from.publish("fan", TEXT);
            if (!all.await(5, TimeUnit.SECONDS)) throw new IllegalStateException("incomplete fan-out " + i);
            if (i >= 0) micros[i] = (System.nanoTime() - start) / 1_000;
        }
        return micros;
    }

    private static void report(String what, long[] micros) {
        long[] sorted = micros.clone();
        Arrays.sort(sorted);
        System.out.printf("%-60s p50 %6d us  p99 %6d us  (%d runs)%n", what, sorted[sorted.length / 2],
                sorted[(int) (sorted.length * 0.99)], sorted.length);
    }

    private RedisHopBench() {}
}
