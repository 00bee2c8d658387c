package io.platewise.recognition.internal.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.platewise.recognition.api.Candidate;
import io.platewise.recognition.api.Observation;
import io.platewise.recognition.api.PlateDetection;
import io.platewise.recognition.api.PlateRead;
import io.platewise.recognition.internal.tracking.Travel.Heading;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TravelTest {

    /** A plate of this width centred here (a 4.5:1 box), seen in frame {@code n}. */
    private static Observation at(int n, float centerX, float centerY, float width) {
        float height = width / 4.5f;
        return new Observation(n, Instant.ofEpochMilli(200L * n), new PlateDetection(centerX - width / 2, centerY - height / 2, width, height,
                new float[8], 0.9f), null);
    }

    /** {@code count} sightings moving evenly from one plate to another. */
    private static List<Observation> moving(int count, float x0, float y0, float w0, float x1, float y1, float w1) {
        List<Observation> sightings = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            float t = i / (float) (count - 1);
            sightings.add(at(i, x0 + t * (x1 - x0), y0 + t * (y1 - y0), w0 + t * (w1 - w0)));
        }
        return sightings;
    }

    @Test
    void aPlateThatGrowsCameCloserWhicheverWayItMovedAcrossTheFrame() {
        Travel travel = Travel.of(moving(20, 600, 300, 60, 640, 560, 150));
        assertEquals(Heading.APPROACHING, travel.heading());
        assertEquals(171, travel.direction(), 2, "down the frame, a little to the right");
        assertEquals(2.4, travel.sizeChange(), 0.1, "60 to 150 pixels wide, as the trend of its width says");
        assertEquals(Heading.RECEDING, Travel.of(moving(20, 640, 560, 150, 600, 300, 60)).heading());
    }

    @Test
    void aPlateOfTheSameSizeThatMovesAPlateWidthOrMoreCrossedTheFrame() {
        Travel right = Travel.of(moving(15, 200, 400, 80, 700, 420, 85));
        assertEquals(Heading.CROSSING, right.heading());
        assertEquals(92, right.direction(), 1, "to the right");
        assertEquals(6.1, right.distance(), 0.1, "500 pixels to the right, 82 wide (its median)");
        assertEquals(270, Travel.of(moving(15, 700, 400, 80, 200, 400, 80)).direction(), 0.5, "to the left");
    }

    /** A parked car: its box jitters by a few pixels and a few per cent; it neither moves nor has a direction. */
    @Test
    void aPlateThatJittersInPlaceStood() {
        List<Observation> parked = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            parked.add(at(i, 500 + (i % 3) * 2 - 2, 400 + (i % 2) * 3, 100 * (1 + ((i % 5) - 2) * 0.02f)));
        }
        Travel travel = Travel.of(parked);
        assertEquals(Heading.STATIONARY, travel.heading());
        assertNull(travel.direction());
    }

    /** The trend is a median of slopes: the last box made twice as wide, or a quarter of them scattered wide, make no arrival. */
    @Test
    void badBoxesDoNotTurnTheJudgement() {
        List<Observation> sightings = moving(12, 200, 400, 80, 700, 400, 80);
        sightings.set(11, at(11, 700, 400, 160));
        assertEquals(Heading.CROSSING, Travel.of(sightings).heading());
        List<Observation> scattered = moving(16, 200, 400, 80, 700, 400, 80);
        for (int i : new int[] {2, 7, 12, 15}) {
            Observation wide = scattered.get(i);
            scattered.set(i, at(i, wide.detection().centerX(), 400, 150));
        }
        assertEquals(Heading.CROSSING, Travel.of(scattered).heading());
    }

    /**
     * A car crossing whose last four sightings are boxed together with another plate passing it (wider boxes, one read as
     * a blend, the rest unread): the trend over all of its sightings says it crossed; its first and last boxes alone
     * would have said it came closer.
     */
    @Test
    void boxesBlendedWithAnotherPlateAtTheEndOfAPassDoNotMakeAnArrival() {
        List<Observation> sightings = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            Observation crossing = at(i, 1000 - 60 * i, 500, 170);
            sightings.add(new Observation(i, crossing.capturedAt(), crossing.detection(), i % 4 == 0 ? read("LLX4S42") : null));
        }
        for (int i = 12; i < 16; i++) {
            Observation blended = at(i, 300, 510, 260);
            sightings.add(new Observation(i, blended.capturedAt(), blended.detection(), i == 12 ? read("B706WLQLX4S4") : null));
        }
        Travel travel = Travel.of(sightings);
        assertEquals(Heading.CROSSING, travel.heading());
        assertEquals(270, travel.direction(), 5, "to the left");
    }

    private static PlateRead read(String text) {
        return new PlateRead(text, 0.9f, null, List.of(new Candidate(text, 0.9f)), true);
    }

    @Test
    void oneSightingSaysNothing() {
        Travel travel = Travel.of(List.of(at(0, 10, 10, 50)));
        assertEquals(Heading.UNKNOWN, travel.heading());
        assertNull(travel.direction());
    }
}
