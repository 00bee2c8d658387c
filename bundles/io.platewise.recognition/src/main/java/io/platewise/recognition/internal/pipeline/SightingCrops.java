package io.platewise.recognition.internal.pipeline;

import io.platewise.recognition.api.Observation;
import io.platewise.recognition.internal.reading.PlateCropper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The plate crops of a task's read sightings, kept until their tracklets finish, so that each tracklet
 * is stored with the crops of several sightings spread over its time in view (a task's {@code sightingCrops})
 * and not only its best one: what an operator checks a read against, and what a labeller corrects.
 *
 * <p>Bounded while a car stays in view: a track holding more than twice as many crops as are wanted is
 * thinned to the wanted number, spread over it, so a parked car holds a few crops, not one per read.
 * Not thread-safe: the pipeline's frame thread owns it.
 */
final class SightingCrops {

    private final Map<Observation, PlateCropper.Crop> crops = new IdentityHashMap<>();

    /** Keeps a read sighting's crop (the cut it was read from). */
    void keep(Observation sighting, PlateCropper.Crop crop) {
        crops.put(sighting, crop);
    }

    /** How many crops are held now. */
    int held() {
        return crops.size();
    }

    /**
     * Up to {@code wanted} of a finished tracklet's sightings with their crops, spread over its time
     * (the first and the last held among them), oldest first; none when {@code wanted} is 0.
     */
    List<FinishedTracklet.SightingCrop> of(List<Observation> sightings, int wanted) {
        List<FinishedTracklet.SightingCrop> chosen = new ArrayList<>();
        for (Observation sighting : spread(withCrops(sightings), wanted)) {
            chosen.add(new FinishedTracklet.SightingCrop(sighting, crops.get(sighting)));
        }
        return chosen;
    }

    /**
     * Lets go of the crops of sightings in no active track (their tracklets were handed over, or
     * their tracks ended without one), and thins each track holding more than {@code 2 * wanted}.
     */
    void retain(List<List<Observation>> activeTracks, int wanted) {
        Set<Observation> kept = Collections.newSetFromMap(new IdentityHashMap<>());
        for (List<Observation> track : activeTracks) {
            List<Observation> held = withCrops(track);
            kept.addAll(held.size() > 2 * wanted ? spread(held, wanted) : held);
        }
        crops.keySet().retainAll(kept);
    }

    void clear() {
        crops.clear();
    }

    private List<Observation> withCrops(List<Observation> sightings) {
        List<Observation> held = new ArrayList<>();
        for (Observation sighting : sightings) {
            if (crops.containsKey(sighting)) {
                held.add(sighting);
            }
        }
        return held;
    }

    /**
     * {@code count} of the items at evenly spaced positions, the first and the last included (one
     * alone: the middle one); all of them when there are no more than {@code count}.
     */
    static <T> List<T> spread(List<T> items, int count) {
        if (count <= 0 || items.isEmpty()) {
            return List.of();
        }
        if (items.size() <= count) {
            return List.copyOf(items);
        }
        if (count == 1) {
            return List.of(items.get((items.size() - 1) / 2));
        }
        List<T> picked = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            picked.add(items.get((int) Math.round(i * (items.size() - 1) / (double) (count - 1))));
        }
        return picked;
    }
}
