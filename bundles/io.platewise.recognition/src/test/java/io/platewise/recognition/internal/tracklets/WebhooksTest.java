package io.platewise.recognition.internal.tracklets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Webhook delivery against a real HTTP receiver on the loopback. */
class WebhooksTest {

    private HttpServer receiver;
    private final List<String> attempts = new CopyOnWriteArrayList<>();
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private ScheduledExecutorService scheduler;

    @BeforeEach
    void startReceiver() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            attempts.add(exchange.getRequestHeaders().getFirst("X-Platewise-Attempt"));
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            int status = failuresLeft.getAndDecrement() > 0 ? 503 : 204;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
        scheduler = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
        scheduler.shutdownNow();
    }

    private URI hook() {
        return URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
    }

    @Test
    void aReceiverThatFailsTwiceGetsTheEventOnTheThirdAttempt() throws Exception {
        failuresLeft.set(2);
        Webhooks webhooks = new Webhooks(scheduler, 1);

        webhooks.post(hook(), "tracklet.finished", "{\"plate\":\"AB123CD\"}");

        awaitTrue(() -> webhooks.delivered() == 1);
        assertEquals(List.of("1", "2", "3"), attempts);
        assertEquals(List.of("{\"plate\":\"AB123CD\"}", "{\"plate\":\"AB123CD\"}", "{\"plate\":\"AB123CD\"}"), bodies);
        assertEquals(0, webhooks.abandoned());
    }

    @Test
    void aReceiverThatNeverAcceptsIsAbandonedAfterTheLastRetry() throws Exception {
        failuresLeft.set(Integer.MAX_VALUE);
        Webhooks webhooks = new Webhooks(scheduler, 1);

        webhooks.post(hook(), "tracklet.finished", "{}");

        awaitTrue(() -> webhooks.abandoned() == 1);
        assertEquals(Webhooks.RETRY_DELAYS_MS.length + 1, attempts.size());
        assertEquals(0, webhooks.delivered());
    }

    @Test
    void aRetryTheStoppingSchedulerRefusesIsCountedAsAbandoned() throws Exception {
        failuresLeft.set(Integer.MAX_VALUE);
        scheduler.shutdownNow();
        // Refuses while isShutdown() is still false: the race of a server that stops between a check and the schedule.
        scheduler = new ScheduledThreadPoolExecutor(1) {
            @Override
            public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
                throw new RejectedExecutionException("stopping");
            }
        };
        Webhooks webhooks = new Webhooks(scheduler, 1);

        webhooks.post(hook(), "tracklet.finished", "{}");

        awaitTrue(() -> webhooks.abandoned() == 1);
        assertEquals(List.of("1"), attempts);
        assertEquals(0, webhooks.delivered());
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not met within 20 s");
            Thread.sleep(10);
        }
    }
}
