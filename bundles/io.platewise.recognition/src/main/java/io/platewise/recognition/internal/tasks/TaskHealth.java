package io.platewise.recognition.internal.tasks;

import io.platewise.core.health.HealthCheck;
import io.platewise.core.health.HealthIndicator;
import io.platewise.core.health.HealthStatus;
import io.platewise.recognition.internal.tracklets.TrackletRecorder;
import io.platewise.recognition.internal.tracklets.Webhooks;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The tasks in {@code /api/health}: a running task whose pipeline could not start (its models
 * failed to load), or whose every frame has been failing for a while, degrades the server, as a
 * camera that is down does; it does not stop it serving. So does a task whose webhook gave up
 * tracklets within the last hour: the receiver lost them; and a tracklet lost, or stored without its
 * images (the file store's disk below its reserve), within the last hour.
 * A component of its own, like {@link TaskUsage}: the health resource binds indicators as
 * they appear, and this one only needs the manager once it is active.
 */
@Component(service = HealthIndicator.class)
public final class TaskHealth implements HealthIndicator {

    /** Frames failed in a row that make a task troubled: two seconds at 5 analysed frames a second. */
    static final int FAILING_FRAMES = 10;

    /** How long a tracklet lost (or stored without images, or given up by the webhook) keeps the check DEGRADED. */
    static final Duration RECENT = Duration.ofHours(1);

    private final TaskManager tasks;

    @Activate
    public TaskHealth(@Reference TaskManager tasks) {
        this.tasks = tasks;
    }

    @Override
    public List<HealthCheck> check() {
        if (!tasks.started()) {
            return List.of(new HealthCheck("tasks", HealthStatus.DEGRADED, false, "Starting the tasks' pipelines", Map.of()));
        }
        Map<String, Object> details = new LinkedHashMap<>();
        List<String> troubled = new ArrayList<>();
        List<String> undelivered = new ArrayList<>();
        Instant now = Instant.now();
        int running = 0;
        for (TaskManager.TaskView task : tasks.list()) {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("state", task.state().name());
            if (task.models() != null) {
                detail.put("models", task.models());
            }
            if (task.stats() != null) {
                detail.put("frames", task.stats().frames());
                detail.put("failedFrames", task.stats().failed());
            }
            if (task.error() != null) {
                detail.put("error", task.error());
                troubled.add(task.definition().id() + ": " + task.error());
            } else if (task.stats() != null && task.stats().failingInARow() >= FAILING_FRAMES) {
                detail.put("error", task.stats().lastFailure());
                troubled.add(task.definition().id() + ": its last " + task.stats().failingInARow() + " frames failed ("
                        + task.stats().lastFailure() + ")");
            } else if (task.state() == TaskState.RUNNING) {
                running++;
            }
            Optional<String> webhookTrouble = webhookTrouble(task.webhook(), now);
            if (webhookTrouble.isPresent()) {
                detail.put("webhook", webhookTrouble.get());
                undelivered.add(task.definition().id() + ": " + webhookTrouble.get());
            }
            details.put(task.definition().id(), detail);
        }
        TrackletRecorder.Status storage = tasks.trackletStorage();
        details.put("trackletStorage", storageDetails(storage));
        Optional<String> storageTrouble = storageTrouble(storage, now);
        HealthStatus status = troubled.isEmpty() && undelivered.isEmpty() && storageTrouble.isEmpty() ? HealthStatus.UP
                : HealthStatus.DEGRADED;
        List<String> message = new ArrayList<>();
        if (!troubled.isEmpty()) {
            message.add("Not running as asked: " + String.join("; ", troubled));
        }
        if (!undelivered.isEmpty()) {
            message.add("Tracklets not delivered: " + String.join("; ", undelivered));
        }
        storageTrouble.ifPresent(message::add);
        if (message.isEmpty()) {
            message.add(running + " tasks running");
        }
        String text = String.join(". ", message);
        return List.of(new HealthCheck("tasks", status, false, text, details));
    }

    static Map<String, Object> storageDetails(TrackletRecorder.Status storage) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("stored", storage.stored());
        details.put("lost", storage.lost());
        details.put("storedWithoutFrame", storage.withoutFrame());
        details.put("storedWithoutImages", storage.withoutImages());
        if (storage.lastTrouble() != null) {
            details.put("lastTrouble", storage.lastTrouble().at() + ": " + storage.lastTrouble().what());
        }
        return details;
    }

    /** A tracklet lost, or stored without its images, within the last {@link #RECENT}. */
    static Optional<String> storageTrouble(TrackletRecorder.Status storage, Instant now) {
        TrackletRecorder.Trouble last = storage.lastTrouble();
        if (last == null || last.at().isBefore(now.minus(RECENT))) {
            return Optional.empty();
        }
        return Optional.of("Tracklets not stored whole since the start: " + storage.lost() + " lost, " + storage.withoutImages()
                + " without images; the last at " + last.at() + ", " + last.what());
    }

    /**
     * What is wrong with a task's webhook, if anything: events given up within the last {@link #RECENT}.
     * Failed attempts that are still being retried are not trouble yet; a receiver may restart.
     */
    static Optional<String> webhookTrouble(Webhooks.Status webhook, Instant now) {
        if (webhook == null || webhook.lastAbandoned() == null || webhook.lastAbandoned().isBefore(now.minus(RECENT))) {
            return Optional.empty();
        }
        return Optional.of("its webhook gave up " + webhook.abandoned() + " tracklets since the start, the last at " + webhook.lastAbandoned()
                + " (" + webhook.lastFailure() + ")");
    }
}
