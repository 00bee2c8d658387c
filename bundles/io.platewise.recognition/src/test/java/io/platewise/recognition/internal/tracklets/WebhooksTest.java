package io.platewise.recognition.internal.tracklets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
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
    /** Each attempt's delivery id, and whether its signature checked out against the receiver's own HMAC (null: unsigned). */
    private final List<String> deliveries = new CopyOnWriteArrayList<>();
    private final List<Boolean> signaturesValid = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private ScheduledExecutorService scheduler;
    private WebhookOutbox outbox;

    @BeforeEach
    void startReceiver() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            attempts.add(exchange.getRequestHeaders().getFirst("X-Platewise-Attempt"));
            byte[] body = exchange.getRequestBody().readAllBytes();
            bodies.add(new String(body, StandardCharsets.UTF_8));
            deliveries.add(exchange.getRequestHeaders().getFirst("X-Platewise-Delivery"));
            String signature = exchange.getRequestHeaders().getFirst("X-Platewise-Signature");
            signaturesValid.add(signature == null ? null
                    : signature.equals(receiversHmac(exchange.getRequestHeaders().getFirst("X-Platewise-Timestamp"), body)));
            int status = failuresLeft.getAndDecrement() > 0 ? 503 : 204;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
        scheduler = Executors.newSingleThreadScheduledExecutor();
        outbox = new WebhookOutbox(InMemoryTrackletStore.migrated());
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
        scheduler.shutdownNow();
    }

    private static final String SECRET = "a-receivers-shared-secret";

    /** The signature as a receiver computes it from the documented recipe, with the JDK's own HMAC. */
    private static String receiversHmac(String timestamp, byte[] body) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] signed = (timestamp + "." + new String(body, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
            return "sha256=" + java.util.HexFormat.of().formatHex(mac.doFinal(signed));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private Webhooks.Target hook() {
        return hook("");
    }

    private Webhooks.Target hook(String secret) {
        return new Webhooks.Target(URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook"), secret);
    }

    @Test
    void signedAttemptsCarryOneDeliveryIdAndAValidSignatureEach() throws Exception {
        failuresLeft.set(1);
        Webhooks webhooks = new Webhooks(scheduler, 1, outbox);

        webhooks.post("task", hook(SECRET), "tracklet.finished", "{\"plate\":\"ÄB123\"}");

        awaitTrue(() -> webhooks.delivered() == 1);
        assertEquals(List.of(true, true), signaturesValid);
        assertEquals(2, deliveries.size());
        assertEquals(deliveries.get(0), deliveries.get(1), "a retry is the same delivery");
        assertTrue(deliveries.get(0).matches("[0-9a-f-]{36}"), deliveries.get(0));
        assertTrue(Webhooks.signature(SECRET, "1", new byte[0]).matches("sha256=[0-9a-f]{64}"), "the header's form");
    }

    @Test
    void unsignedPostsCarryNoSignatureAndEachEventItsOwnDeliveryId() throws Exception {
        Webhooks webhooks = new Webhooks(scheduler, 1, outbox);

        webhooks.post("task", hook(), "tracklet.finished", "{}");
        webhooks.post("task", hook(), "tracklet.finished", "{}");

        awaitTrue(() -> webhooks.delivered() == 2);
        assertEquals(java.util.Arrays.asList(null, null), signaturesValid);
        assertTrue(!deliveries.get(0).equals(deliveries.get(1)), "two events, two deliveries: " + deliveries);
    }

    @Test
    void aReceiverThatFailsTwiceGetsTheEventOnTheThirdAttempt() throws Exception {
        failuresLeft.set(2);
        Webhooks webhooks = new Webhooks(scheduler, 1, outbox);

        webhooks.post("task", hook(), "tracklet.finished", "{\"plate\":\"AB123CD\"}");

        awaitTrue(() -> webhooks.delivered() == 1);
        assertEquals(List.of("1", "2", "3"), attempts);
        assertEquals(List.of("{\"plate\":\"AB123CD\"}", "{\"plate\":\"AB123CD\"}", "{\"plate\":\"AB123CD\"}"), bodies);
        assertEquals(0, webhooks.abandoned());
        Webhooks.Status status = webhooks.status(hook().uri());
        assertEquals(1, status.delivered());
        assertEquals(2, status.failedAttempts());
        assertEquals(0, status.retrying());
        assertEquals(0, status.abandoned());
        assertEquals("HTTP 503", status.lastFailure());
        assertTrue(status.lastDelivered() != null && !status.lastDelivered().isBefore(status.lastFailed()), status.toString());
        assertEquals(0, webhooks.status(URI.create("http://127.0.0.1:1/other")).failedAttempts(), "another receiver has its own counts");
        awaitTrue(() -> pending().isEmpty());
    }

    @Test
    void aReceiverThatNeverAcceptsIsAbandonedAfterTheLastRetry() throws Exception {
        failuresLeft.set(Integer.MAX_VALUE);
        Webhooks webhooks = new Webhooks(scheduler, 1, outbox);

        webhooks.post("task", hook(), "tracklet.finished", "{}");

        awaitTrue(() -> webhooks.abandoned() == 1);
        assertEquals(Webhooks.RETRY_DELAYS_MS.length + 1, attempts.size());
        assertEquals(0, webhooks.delivered());
        Webhooks.Status status = webhooks.status(hook().uri());
        assertEquals(1, status.abandoned());
        assertEquals(Webhooks.RETRY_DELAYS_MS.length + 1, status.failedAttempts());
        assertEquals(0, status.retrying());
        assertTrue(status.lastAbandoned() != null && status.lastDelivered() == null, status.toString());
        awaitTrue(() -> pending().isEmpty());
    }

    private List<WebhookOutbox.Pending> pending() {
        try {
            return outbox.pending();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aRetryTheStoppingSchedulerRefusesIsSentAtTheNextStart() throws Exception {
        failuresLeft.set(Integer.MAX_VALUE);
        scheduler.shutdownNow();
        // Refuses while isShutdown() is still false: the race of a server that stops between a check and the schedule.
        scheduler = new ScheduledThreadPoolExecutor(1) {
            @Override
            public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
                throw new RejectedExecutionException("stopping");
            }
        };
        Webhooks webhooks = new Webhooks(scheduler, 1, outbox);

        webhooks.post("task", hook(SECRET), "tracklet.finished", "{\"plate\":\"AB123CD\"}");

        awaitTrue(() -> webhooks.status(hook().uri()).failedAttempts() == 1);
        assertEquals(List.of("1"), attempts);
        assertEquals(0, webhooks.abandoned(), "a stop is no reason to give a post up");
        awaitTrue(() -> pending().size() == 1 && pending().get(0).attempts() == 1);

        // The next start: a new scheduler and Webhooks on the same database, the receiver back.
        failuresLeft.set(0);
        scheduler = Executors.newSingleThreadScheduledExecutor();
        Webhooks restarted = new Webhooks(scheduler, 1, outbox);
        assertEquals(1, restarted.resume(task -> Optional.of(hook(SECRET))));
        awaitTrue(() -> restarted.delivered() == 1);
        assertEquals(List.of("1", "2"), attempts, "the resumed post is the second attempt");
        assertEquals(deliveries.get(0), deliveries.get(1), "and the same delivery");
        assertEquals(List.of(true, true), signaturesValid);
        assertEquals("{\"plate\":\"AB123CD\"}", bodies.get(1));
        awaitTrue(() -> pending().isEmpty());
    }

    @Test
    void aResumedPostOfATaskWithoutAWebhookNowIsDropped() throws Exception {
        outbox.add(new WebhookOutbox.Pending("0b0e4c47-6f7a-4f57-9d0e-1a0f6c1d2e3f", "gone", "tracklet.finished", "{}", 2,
                java.time.Instant.now()));
        Webhooks webhooks = new Webhooks(scheduler, 1, outbox);

        assertEquals(0, webhooks.resume(task -> Optional.empty()));
        assertTrue(pending().isEmpty());
        assertTrue(attempts.isEmpty());
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not met within 20 s");
            Thread.sleep(10);
        }
    }
}
