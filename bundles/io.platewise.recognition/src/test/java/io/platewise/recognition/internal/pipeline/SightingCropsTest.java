package io.platewise.recognition.internal.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.platewise.recognition.api.Observation;
import io.platewise.recognition.api.PlateDetection;
import io.platewise.recognition.internal.reading.PlateCropper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SightingCropsTest {

    private static Observation sighting(int frame) {
        return new Observation(frame, Instant.ofEpochMilli(200L * frame), new PlateDetection(10, 10, 40, 12, new float[8], 0.9f), null);
    }

    private static PlateCropper.Crop crop() {
        return new PlateCropper.Crop(new byte[3 * 8 * 4], 8, 4);
    }

    @Test
    void spreadTakesEvenlySpacedItemsWithTheFirstAndTheLast() {
        List<Integer> items = IntStream.range(0, 12).boxed().toList();
        assertEquals(List.of(0, 4, 7, 11), SightingCrops.spread(items, 4));
        assertEquals(List.of(0, 11), SightingCrops.spread(items, 2));
        assertEquals(List.of(5), SightingCrops.spread(items, 1), "one alone: the middle one");
        assertEquals(items, SightingCrops.spread(items, 12));
        assertEquals(List.of(0, 1, 2), SightingCrops.spread(List.of(0, 1, 2), 20), "fewer than wanted: all");
        assertEquals(List.of(), SightingCrops.spread(items, 0));
        assertEquals(List.of(), SightingCrops.spread(List.of(), 4));
        for (int n = 2; n < 60; n++) {
            for (int count = 2; count < n; count++) {
                List<Integer> picked = SightingCrops.spread(IntStream.range(0, n).boxed().toList(), count);
                assertEquals(count, picked.stream().distinct().count(), n + " items, " + count + " wanted: each once");
            }
        }
    }

    /** A car parked in view for 600 read sightings holds at most twice the crops wanted, spread from its first to its latest. */
    @Test
    void aLongTrackHoldsABoundedNumberOfCropsAndAFinishedOneNone() {
        SightingCrops crops = new SightingCrops();
        List<Observation> track = new ArrayList<>();
        int mostHeld = 0;
        for (int frame = 0; frame < 600; frame++) {
            Observation sighting = sighting(frame);
            track.add(sighting);
            crops.keep(sighting, crop());
            crops.retain(List.of(track), 4);
            mostHeld = Math.max(mostHeld, crops.held());
        }
        assertTrue(mostHeld <= 8, "held " + mostHeld);
        List<Long> frames = crops.of(track, 4).stream().map(kept -> kept.sighting().frameSequence()).toList();
        assertEquals(4, frames.size());
        assertEquals(0L, frames.get(0), "the first sighting is never thinned away");
        assertTrue(frames.get(3) >= 590, "and a recent one ends it: " + frames);
        assertEquals(frames.stream().sorted().toList(), frames, "oldest first");

        crops.retain(List.of(), 4);
        assertEquals(0, crops.held(), "a track no longer active lets go of its crops");
    }

    @Test
    void sightingsWithoutCropsAreSkippedAndOtherTracksKeepTheirs() {
        SightingCrops crops = new SightingCrops();
        List<Observation> first = List.of(sighting(0), sighting(1), sighting(2));
        List<Observation> second = List.of(sighting(3), sighting(4));
        crops.keep(first.get(0), crop());
        crops.keep(first.get(2), crop());
        crops.keep(second.get(1), crop());
        crops.retain(List.of(first, second), 4);
        assertEquals(3, crops.held());
        assertEquals(List.of(0L, 2L), crops.of(first, 4).stream().map(kept -> kept.sighting().frameSequence()).toList());
        crops.retain(List.of(second), 4);
        assertEquals(1, crops.held(), "the first track ended");
        assertEquals(List.of(4L), crops.of(second, 4).stream().map(kept -> kept.sighting().frameSequence()).toList());
    }
}
