package io.platewise.recognition.internal.tracklets;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts JSON to tasks' webhooks, retrying with growing delays (1 s, 4 s, 16 s, 64 s) when the
 * receiver is down or answers other than 2xx; never on the frame thread. Every attempt of one event
 * carries the same delivery id, so that a receiver that answered too late for us can drop the
 * repeat; with a secret, each attempt is signed as {@link #signature} says, with its own timestamp,
 * so that a receiver can tell our posts from forged or replayed ones. A post is kept in the
 * {@link WebhookOutbox} until a receiver takes it or its last retry fails, and the posts a stop left
 * there are sent again by {@link #resume} at the next start.
 */
public final class Webhooks {

    private static final Logger LOG = LoggerFactory.getLogger(Webhooks.class);
    static final long[] RETRY_DELAYS_MS = {1_000, 4_000, 16_000, 64_000};

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ScheduledExecutorService scheduler;
    private final long delayUnitMs;
    private final WebhookOutbox outbox;
    private final Map<URI, Receiver> receivers = new ConcurrentHashMap<>();

    /** @param delayUnitMs 1000 in production: the retry delays are {@link #RETRY_DELAYS_MS} scaled by it / 1000 */
    public Webhooks(ScheduledExecutorService scheduler, long delayUnitMs, WebhookOutbox outbox) {
        this.scheduler = scheduler;
        this.delayUnitMs = delayUnitMs;
        this.outbox = outbox;
    }

    /**
     * How one receiver has taken our posts since the server started: what a task's view shows, so that
     * an integrator sees a receiver that is down without reading the log.
     *
     * @param failedAttempts attempts that failed, the retried ones too
     * @param retrying       events waiting for their next attempt now
     * @param abandoned      events given up after the last retry (or because the server was stopping)
     */
    public record Status(long delivered, long failedAttempts, int retrying, long abandoned, Instant lastDelivered, Instant lastFailed,
            String lastFailure, Instant lastAbandoned) {
    }

    /** One receiver's counts; the times and the reason are each written alone, a view may see them a moment apart. */
    private static final class Receiver {
        final AtomicLong delivered = new AtomicLong();
        final AtomicLong failedAttempts = new AtomicLong();
        final AtomicInteger retrying = new AtomicInteger();
        final AtomicLong abandoned = new AtomicLong();
        volatile Instant lastDelivered;
        volatile Instant lastFailed;
        volatile String lastFailure;
        volatile Instant lastAbandoned;

        Status status() {
            return new Status(delivered.get(), failedAttempts.get(), retrying.get(), abandoned.get(), lastDelivered, lastFailed, lastFailure,
                    lastAbandoned);
        }
    }

    /** How the receiver at this address has taken our posts (all zero before the first). */
    public Status status(URI receiver) {
        Receiver counts = receivers.get(receiver);
        return counts == null ? new Status(0, 0, 0, 0, null, null, null, null) : counts.status();
    }

    /** Where a task's events go, and the secret they are signed with (empty: unsigned). */
    public record Target(URI uri, String secret) {
    }

    /** Posts the event of this task, now and again while the receiver fails; kept in the outbox until then. */
    public void post(String taskId, Target target, String event, String body) {
        WebhookOutbox.Pending post = new WebhookOutbox.Pending(UUID.randomUUID().toString(), taskId, event, body, 0, Instant.now());
        try {
            outbox.add(post);
        } catch (SQLException e) {
            LOG.warn("Webhook post {} could not be kept in the outbox ({}); it is sent, but a stop before it arrives loses it",
                    post.delivery(), e.toString());
        }
        attempt(target, post, 0);
    }

    /**
     * Sends again the posts a stop left in the outbox, each with the attempts it has left, to where
     * its task's webhook points now; the posts of tasks that no longer have one are dropped.
     *
     * @return how many posts were sent again
     */
    public int resume(Function<String, Optional<Target>> targetOfTask) {
        List<WebhookOutbox.Pending> pending;
        try {
            pending = outbox.pending();
        } catch (SQLException e) {
            LOG.error("The webhook outbox cannot be read ({}); the posts in it wait for the next start", e.toString());
            return 0;
        }
        int resumed = 0;
        for (WebhookOutbox.Pending post : pending) {
            Optional<Target> target = targetOfTask.apply(post.taskId());
            if (target.isEmpty()) {
                LOG.warn("Webhook post {} of task '{}' is dropped: the task has no webhook now", post.delivery(), post.taskId());
                forget(post);
                continue;
            }
            attempt(target.get(), post, Math.min(post.attempts(), RETRY_DELAYS_MS.length));
            resumed++;
        }
        if (resumed > 0) {
            LOG.info("Sending again {} webhook posts that the last stop left undelivered", resumed);
        }
        return resumed;
    }

    private void forget(WebhookOutbox.Pending post) {
        try {
            outbox.remove(post.delivery());
        } catch (SQLException e) {
            LOG.warn("Webhook post {} could not be taken out of the outbox ({}); the next start sends it again", post.delivery(),
                    e.toString());
        }
    }

    /**
     * The {@code X-Platewise-Signature} header: {@code sha256=} and the hex HMAC-SHA256, keyed by the
     * secret's UTF-8 bytes, of the {@code X-Platewise-Timestamp} header's value (Unix seconds), a dot
     * and the body's bytes. Signing the timestamp lets a receiver refuse old posts replayed to it.
     */
    public static String signature(String secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    private void attempt(Target target, WebhookOutbox.Pending post, int attempt) {
        byte[] bytes = post.body().getBytes(StandardCharsets.UTF_8);
        String timestamp = String.valueOf(Instant.now().getEpochSecond());
        HttpRequest.Builder request = HttpRequest.newBuilder(target.uri()).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").header("X-Platewise-Event", post.event())
                .header("X-Platewise-Delivery", post.delivery()).header("X-Platewise-Attempt", String.valueOf(attempt + 1))
                .header("X-Platewise-Timestamp", timestamp)
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        if (!target.secret().isEmpty()) {
            request.header("X-Platewise-Signature", signature(target.secret(), timestamp, bytes));
        }
        send(target, post, attempt, request.build());
    }

    private void send(Target target, WebhookOutbox.Pending post, int attempt, HttpRequest request) {
        Receiver receiver = receivers.computeIfAbsent(target.uri(), uri -> new Receiver());
        client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
            if (failure == null && response.statusCode() / 100 == 2) {
                receiver.lastDelivered = Instant.now();
                receiver.delivered.incrementAndGet();
                forget(post);
                return;
            }
            String why = failure != null ? failure.toString() : "HTTP " + response.statusCode();
            receiver.lastFailure = why;
            receiver.lastFailed = Instant.now();
            receiver.failedAttempts.incrementAndGet();
            if (attempt < RETRY_DELAYS_MS.length) {
                long delay = RETRY_DELAYS_MS[attempt] * delayUnitMs / 1000;
                try {
                    outbox.attempted(post.delivery(), attempt + 1);
                } catch (SQLException e) {
                    LOG.warn("Webhook post {}: its failed attempt could not be counted in the outbox ({})", post.delivery(), e.toString());
                }
                receiver.retrying.incrementAndGet();
                try {
                    scheduler.schedule(() -> {
                        receiver.retrying.decrementAndGet();
                        attempt(target, post, attempt + 1);
                    }, delay, TimeUnit.MILLISECONDS);
                    LOG.info("Webhook {} failed ({}); attempt {} in {} ms", target.uri(), why, attempt + 2, delay);
                } catch (RejectedExecutionException stopping) {
                    // The post stays in the outbox: the next start sends it.
                    receiver.retrying.decrementAndGet();
                    LOG.info("Webhook {} failed ({}); the server is stopping, so the next start sends this {} again", target.uri(), why,
                            post.event());
                }
                return;
            }
            receiver.lastAbandoned = Instant.now();
            receiver.abandoned.incrementAndGet();
            forget(post);
            LOG.warn("Webhook {} failed {} times ({}); this {} is not sent", target.uri(), attempt + 1, why, post.event());
        });
    }

    /** Events delivered, to every receiver. */
    public long delivered() {
        return receivers.values().stream().mapToLong(r -> r.delivered.get()).sum();
    }

    /** Events given up, for every receiver. */
    public long abandoned() {
        return receivers.values().stream().mapToLong(r -> r.abandoned.get()).sum();
    }
}
