package io.platewise.itest.probe;

import io.platewise.recognition.api.RecognitionEvents;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/**
 * A third party listening to finished tracklets over EventAdmin, as an integration would: it keeps
 * the events it was given, for {@link ProbeResource} to show.
 */
@Component(service = {EventHandler.class, TrackletEventProbe.class},
        property = EventConstants.EVENT_TOPIC + "=" + RecognitionEvents.TRACKLET_FINISHED)
public class TrackletEventProbe implements EventHandler {

    private static final String[] PROPERTIES = {RecognitionEvents.TRACKLET_ID, RecognitionEvents.TASK_ID, RecognitionEvents.CAMERA_ID,
        RecognitionEvents.PLATE, RecognitionEvents.CONFIDENCE, RecognitionEvents.START, RecognitionEvents.END, RecognitionEvents.HEADING};

    private final List<Map<String, Object>> received = new ArrayList<>();

    @Override
    public void handleEvent(Event event) {
        Map<String, Object> properties = new LinkedHashMap<>();
        for (String name : PROPERTIES) {
            properties.put(name, event.getProperty(name));
        }
        synchronized (received) {
            received.add(properties);
        }
    }

    /** The events received so far, oldest first. */
    List<Map<String, Object>> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }
}
