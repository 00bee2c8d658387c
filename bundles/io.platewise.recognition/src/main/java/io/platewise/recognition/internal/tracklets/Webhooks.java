package io.platewise.recognition.internal.tracklets;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts JSON to tasks' webhooks, retrying with growing delays (1 s, 4 s, 16 s, 64 s) when the
 * receiver is down or answers other than 2xx; never on the frame thread.
 */
public final class Webhooks {

    private static final Logger LOG = LoggerFactory.getLogger(Webhooks.class);
    static final long[] RETRY_DELAYS_MS = {1_000, 4_000, 16_000, 64_000};

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ScheduledExecutorService scheduler;
    private final long delayUnitMs;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong abandoned = new AtomicLong();

    /** @param delayUnitMs 1000 in production: the retry delays are {@link #RETRY_DELAYS_MS} scaled by it / 1000 */
    public Webhooks(ScheduledExecutorService scheduler, long delayUnitMs) {
        this.scheduler = scheduler;
        this.delayUnitMs = delayUnitMs;
    }

    public void post(URI target, String event, String body) {
        attempt(target, event, body, 0);
    }

    private void attempt(URI target, String event, String body, int attempt) {
        HttpRequest request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").header("X-Platewise-Event", event)
                .header("X-Platewise-Attempt", String.valueOf(attempt + 1))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
            if (failure == null && response.statusCode() / 100 == 2) {
                delivered.incrementAndGet();
                return;
            }
            String why = failure != null ? failure.toString() : "HTTP " + response.statusCode();
            if (attempt < RETRY_DELAYS_MS.length) {
                long delay = RETRY_DELAYS_MS[attempt] * delayUnitMs / 1000;
                try {
                    scheduler.schedule(() -> attempt(target, event, body, attempt + 1), delay, TimeUnit.MILLISECONDS);
                    LOG.info("Webhook {} failed ({}); attempt {} in {} ms", target, why, attempt + 2, delay);
                    return;
                } catch (RejectedExecutionException stopping) {
                    why += "; no retry, the server is stopping";
                }
            }
            abandoned.incrementAndGet();
            LOG.warn("Webhook {} failed {} times ({}); this {} is not sent", target, attempt + 1, why, event);
        });
    }

    public long delivered() {
        return delivered.get();
    }

    public long abandoned() {
        return abandoned.get();
    }
}
