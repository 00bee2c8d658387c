package io.platewise.video.internal;

import io.platewise.core.PlatewiseException;
import io.platewise.core.health.HealthCheck;
import io.platewise.core.health.HealthIndicator;
import io.platewise.core.health.HealthStatus;
import io.platewise.video.CameraService;
import io.platewise.video.CameraState;
import io.platewise.video.CameraStatus;
import io.platewise.video.FrameListener;
import io.platewise.video.FramePixels;
import io.platewise.video.FrameSubscription;
import io.platewise.video.VideoEvents;
import io.platewise.video.VideoFrame;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationException;
import org.osgi.service.cm.ManagedServiceFactory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one {@link CameraSource} per factory configuration of {@value CameraService#FACTORY_PID}
 * (from config/ files or from /api/cameras), and fans their frames out to subscribers. A changed
 * configuration replaces the camera's source; subscriptions and sequence numbers carry over.
 */
@Component(service = {CameraService.class, HealthIndicator.class})
public final class CameraManager implements CameraService, HealthIndicator, CameraSource.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(CameraManager.class);

    private final EventAdmin events;
    /** Configuration PID to the camera's source. */
    private final Map<String, CameraSource> sources = new ConcurrentHashMap<>();
    private final Map<String, VideoFrame> latest = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> sequences = new ConcurrentHashMap<>();
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private final Map<String, long[]> closedCounts = new ConcurrentHashMap<>();
    private final ServiceRegistration<ManagedServiceFactory> factoryRegistration;
    /** Configurations refused because another one held their camera id, by PID: applied when that one is deleted. */
    private final Map<String, Dictionary<String, ?>> waitingForId = new ConcurrentHashMap<>();
    /** Notified whenever a camera is added or reconfigured, for {@link #awaitCamera}. */
    private final Object added = new Object();

    @Activate
    public CameraManager(@Reference EventAdmin events, BundleContext context) {
        this.events = events;
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(Constants.SERVICE_PID, FACTORY_PID);
        properties.put(Constants.SERVICE_DESCRIPTION, "Platewise camera sources");
        // The CM-standard way to receive every factory configuration; DS has no per-configuration object we could keep subscriptions in.
        this.factoryRegistration = context.registerService(ManagedServiceFactory.class, new ManagedServiceFactory() {
            @Override
            public String getName() {
                return "Platewise cameras";
            }

            @Override
            public void updated(String pid, Dictionary<String, ?> configuration) throws ConfigurationException {
                configure(pid, configuration);
            }

            @Override
            public void deleted(String pid) {
                remove(pid);
            }
        }, properties);
    }

    @Deactivate
    void stop() {
        factoryRegistration.unregister();
        sources.values().forEach(CameraSource::stop);
        sources.clear();
        subscriptions.forEach(Subscription::close);
    }

    void configure(String pid, Dictionary<String, ?> configuration) throws ConfigurationException {
        CameraSettings settings;
        try {
            settings = CameraSettings.fromConfiguration(configuration);
        } catch (PlatewiseException e) {
            LOG.error("Camera configuration {} is invalid: {}", pid, e.getMessage());
            throw new ConfigurationException(null, e.getMessage());
        }
        for (Map.Entry<String, CameraSource> other : sources.entrySet()) {
            if (!other.getKey().equals(pid) && other.getValue().settings().id().equals(settings.id())) {
                // Kept for when the other goes: a camera deleted and created again at once reaches us in either order.
                waitingForId.put(pid, configuration);
                LOG.error("Camera configuration {} uses id {}, already used by {}; it waits until that one is deleted", pid, settings.id(),
                        other.getKey());
                throw new ConfigurationException("id", "Camera id " + settings.id() + " is already used by " + other.getKey());
            }
        }
        waitingForId.remove(pid);
        CameraSource previous = sources.get(pid);
        if (previous != null && previous.settings().equals(settings)) {
            return;
        }
        if (previous != null) {
            previous.stop();
            if (!previous.settings().id().equals(settings.id())) {
                latest.remove(previous.settings().id());
            }
        }
        CameraSource source = new CameraSource(settings, this, sequences.computeIfAbsent(settings.id(), id -> new AtomicLong()));
        sources.put(pid, source);
        source.start();
        LOG.info("Camera {} {} ({})", settings.id(), previous == null ? "added" : "reconfigured", settings.redactedSource());
        synchronized (added) {
            added.notifyAll();
        }
    }

    void remove(String pid) {
        waitingForId.remove(pid);
        CameraSource source = sources.remove(pid);
        if (source != null) {
            source.stop();
            latest.remove(source.settings().id());
            LOG.info("Camera {} removed", source.settings().id());
            for (Map.Entry<String, Dictionary<String, ?>> waiting : Map.copyOf(waitingForId).entrySet()) {
                try {
                    configure(waiting.getKey(), waiting.getValue());
                } catch (ConfigurationException e) {
                    // Still taken (by a third configuration): it keeps waiting.
                }
            }
        }
    }

    @Override
    public void frame(CameraSettings settings, long sequence, long timestampMicros, FramePixels pixels) {
        VideoFrame frame = new VideoFrame(settings.id(), sequence, timestampMicros, Instant.now(), pixels);
        latest.put(settings.id(), frame);
        for (Subscription subscription : subscriptions) {
            if (subscription.cameraId().equals(settings.id())) {
                subscription.offer(frame);
            }
        }
    }

    @Override
    public void stateChanged(String cameraId, CameraState previous, CameraState state, String message) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put(VideoEvents.CAMERA_ID, cameraId);
        properties.put(VideoEvents.STATE, state.name());
        properties.put(VideoEvents.PREVIOUS_STATE, previous.name());
        properties.put(VideoEvents.MESSAGE, message);
        events.postEvent(new Event(VideoEvents.CAMERA_STATE_CHANGED, properties));
    }

    @Override
    public List<CameraStatus> cameras() {
        List<CameraStatus> statuses = new ArrayList<>();
        for (CameraSource source : sources.values()) {
            statuses.add(statusOf(source));
        }
        statuses.sort(Comparator.comparing(CameraStatus::id));
        return statuses;
    }

    @Override
    public Optional<CameraStatus> camera(String id) {
        return sources.values().stream().filter(s -> s.settings().id().equals(id)).findFirst().map(this::statusOf);
    }

    @Override
    public Optional<CameraStatus> awaitCamera(String id, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (added) {
            Optional<CameraStatus> camera = camera(id);
            for (long left = timeout.toNanos(); camera.isEmpty() && left > 0; left = deadline - System.nanoTime()) {
                TimeUnit.NANOSECONDS.timedWait(added, left);
                camera = camera(id);
            }
            return camera;
        }
    }

    Optional<CameraSettings> settings(String id) {
        return sources.values().stream().map(CameraSource::settings).filter(s -> s.id().equals(id)).findFirst();
    }

    private CameraStatus statusOf(CameraSource source) {
        String id = source.settings().id();
        long[] closed = closedCounts.getOrDefault(id, new long[2]);
        long delivered = closed[0];
        long dropped = closed[1];
        for (Subscription subscription : subscriptions) {
            if (subscription.cameraId().equals(id)) {
                delivered += subscription.delivered();
                dropped += subscription.dropped();
            }
        }
        return source.status(delivered, dropped);
    }

    @Override
    public Optional<VideoFrame> latestFrame(String id) {
        return Optional.ofNullable(latest.get(id));
    }

    @Override
    public FrameSubscription subscribe(String cameraId, FrameListener listener) {
        Subscription subscription = new Subscription(cameraId, listener, closed -> {
            subscriptions.remove(closed);
            long[] counts = closedCounts.computeIfAbsent(closed.cameraId(), id -> new long[2]);
            synchronized (counts) {
                counts[0] += closed.delivered();
                counts[1] += closed.dropped();
            }
        });
        subscriptions.add(subscription);
        return subscription;
    }

    @Override
    public List<HealthCheck> check() {
        List<CameraStatus> cameras = cameras();
        Map<String, Object> details = new LinkedHashMap<>();
        List<String> troubled = new ArrayList<>();
        for (CameraStatus camera : cameras) {
            details.put(camera.id(), Map.of("state", camera.state().name(), "message", camera.message(),
                    "decodePath", camera.decodePath()));
            if (camera.state() != CameraState.STREAMING && camera.state() != CameraState.ENDED) {
                troubled.add(camera.id() + " " + camera.state().name().toLowerCase());
            }
        }
        // A camera that is down degrades the server; it does not make it unable to serve (not essential).
        HealthStatus status = troubled.isEmpty() ? HealthStatus.UP : HealthStatus.DEGRADED;
        String message = cameras.isEmpty() ? "No cameras configured"
                : troubled.isEmpty() ? cameras.size() + " cameras streaming" : "Not streaming: " + String.join(", ", troubled);
        return List.of(new HealthCheck("cameras", status, false, message, details));
    }
}
