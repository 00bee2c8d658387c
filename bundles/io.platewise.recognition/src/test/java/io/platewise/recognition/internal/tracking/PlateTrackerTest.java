package io.platewise.recognition.internal.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.platewise.recognition.api.Observation;
import io.platewise.recognition.api.PlateDetection;
import io.platewise.recognition.api.PlateRead;
import io.platewise.recognition.api.Tracklet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PlateTrackerTest {

    private static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");
    private static final long STEP_MS = 200; // 5 fps analysis

    private final AtomicInteger ids = new AtomicInteger();
    private final PlateTracker tracker = new PlateTracker("cam", TrackerSettings.defaults(), () -> "t" + ids.incrementAndGet());
    private final List<Tracklet> finished = new ArrayList<>();

    private static Instant at(int frame) {
        return T0.plusMillis(frame * STEP_MS);
    }

    private static Observation sighting(int frame, float x, float y, String text, float confidence) {
        PlateRead read = text == null ? null : new PlateRead(text, confidence, null, null, true);
        return new Observation(frame, at(frame), new PlateDetection(x, y, 100, 25, null, 0.9f), read);
    }

    private void frame(int frame, Observation... sightings) {
        finished.addAll(tracker.update(at(frame), List.of(sightings)));
    }

    private List<Tracklet> end(int lastFrame) {
        finished.addAll(tracker.update(at(lastFrame + 20), List.of()));
        finished.sort(Comparator.comparing(Tracklet::start));
        return finished;
    }

    @Test
    void oneCarWithSomeMisreadsIsOneTrackletWithTheRightText() {
        for (int i = 0; i < 10; i++) {
            frame(i, sighting(i, 600, 300 + 20 * i, i == 3 || i == 7 ? "A8C123" : "ABC123", 0.9f));
        }
        List<Tracklet> tracklets = end(9);
        assertEquals(1, tracklets.size());
        Tracklet car = tracklets.get(0);
        assertEquals("ABC123", car.best().text());
        assertEquals(0.8f, car.best().confidence(), 0.01f);
        assertEquals("A8C123", car.candidates().get(1).text());
        assertEquals(10, car.observations().size());
        assertEquals(at(0), car.start());
        assertEquals(at(9), car.end());
    }

    @Test
    void theNextCarWhereTheLastOneLeftIsAnotherTracklet() {
        // A queue at a gate: the first car leaves the view, the next one appears close by 600 ms later.
        for (int i = 0; i < 6; i++) {
            frame(i, sighting(i, 600, 400 + 10 * i, "CF569AJ", 0.9f));
        }
        for (int i = 9; i < 15; i++) {
            frame(i, sighting(i, 620, 400 + 10 * (i - 9), "RRT1355", 0.9f));
        }
        List<Tracklet> tracklets = end(14);
        assertEquals(List.of("CF569AJ", "RRT1355"), tracklets.stream().map(t -> t.best().text()).toList());
        assertEquals(6, tracklets.get(1).observations().size());
    }

    @Test
    void aParkedCarIsReportedEveryMaximumTrackLengthInsteadOfNever() {
        int max = TrackerSettings.defaults().maxObservations();
        for (int i = 0; i < 2 * max + 10; i++) {
            frame(i, sighting(i, 600, 300, "HO808UK", 0.9f));
        }
        // Two full tracks are finished while the car still stands there; the rest is finished when it leaves.
        assertEquals(List.of(max, max), finished.stream().map(t -> t.observations().size()).toList());
        assertEquals(at(max), finished.get(1).start());
        List<Tracklet> tracklets = end(2 * max + 9);
        assertEquals(3, tracklets.size());
        assertEquals(10, tracklets.get(2).observations().size());
        assertTrue(tracklets.stream().allMatch(t -> t.best().text().equals("HO808UK")));
    }

    @Test
    void missedFramesAreBridged() {
        for (int i = 0; i < 13; i++) {
            if (i >= 5 && i <= 8) {
                frame(i); // the detector missed the plate for 800 ms
                continue;
            }
            frame(i, sighting(i, 600, 300 + 20 * i, "KLM456", 0.8f));
        }
        List<Tracklet> tracklets = end(12);
        assertEquals(1, tracklets.size());
        assertEquals(9, tracklets.get(0).observations().size());
    }

    @Test
    void twoCarsCrossingKeepTheirOwnPlates() {
        for (int i = 0; i <= 10; i++) {
            Observation a = sighting(i, 200 + 80 * i, 400, "AAA111", 0.85f);
            Observation b = sighting(i, 1000 - 80 * i, 400, "BBB222", 0.85f);
            // The order alternates, so that list order cannot keep the identities right by luck.
            if (i % 2 == 0) {
                frame(i, a, b);
            } else {
                frame(i, b, a);
            }
        }
        List<Tracklet> tracklets = end(10);
        assertEquals(2, tracklets.size());
        for (Tracklet tracklet : tracklets) {
            assertEquals(11, tracklet.observations().size());
            String text = tracklet.best().text();
            assertTrue(tracklet.observations().stream().allMatch(o -> o.read().text().equals(text)),
                    "no swap at the crossing: " + text);
            assertEquals(1f, tracklet.best().confidence(), 0.001f);
        }
    }

    /**
     * Two plates passing each other are boxed as one for a frame, read as a blend of both (as a crossing in a
     * generated clip did, "W292XL8R12"): the blend may join one car's track, but it must not carry that track
     * onto the other car, whose reads are compared with what the track has read most, not with that one read.
     */
    /**
     * A far plate, a few pixels tall, read once as something else (0.6 sure) and then left unread while it
     * comes closer: the car's first sure read is of another text, and still its own. A track that turned it
     * away split the car in two (seen on a 720p clip with plates a third of the demo's width).
     */
    @Test
    void aSurerReadOfAnotherTextJoinsATrackWhoseTextRestsOnLess() {
        frame(0, sighting(0, 600, 300, "44HI", 0.6f));
        for (int i = 1; i < 4; i++) {
            frame(i, sighting(i, 600, 300 + 10 * i, null, 0));
        }
        for (int i = 4; i < 10; i++) {
            frame(i, sighting(i, 600, 300 + 10 * i, "DU036NI", 0.8f));
        }
        List<Tracklet> tracklets = end(9);
        assertEquals(1, tracklets.size(), tracklets.toString());
        assertEquals("DU036NI", tracklets.get(0).best().text());
        assertEquals(10, tracklets.get(0).observations().size());
    }

    @Test
    void theNextCarWhereACarReadOnceStoodIsAnotherTrackletWhenItsReadIsNoSurer() {
        frame(0, sighting(0, 600, 400, "CF569AJ", 0.9f));
        frame(1, sighting(1, 600, 405, null, 0));
        for (int i = 4; i < 10; i++) {
            frame(i, sighting(i, 610, 400 + 5 * (i - 4), "RRT1355", 0.9f));
        }
        List<Tracklet> tracklets = end(9);
        assertEquals(List.of("CF569AJ", "RRT1355"), tracklets.stream().map(t -> t.best().text()).toList());
    }

    @Test
    void aBlendedReadWhereTwoPlatesMeetDoesNotCarryOneCarsTrackOntoTheOther() {
        for (int i = 0; i <= 5; i++) {
            frame(i, sighting(i, 1000 - 72 * i, 400, "DRR8R12", 0.85f));
        }
        PlateRead blend = new PlateRead("W292XL8R12", 0.6f, null, null, false);
        frame(6, new Observation(6, at(6), new PlateDetection(560, 400, 200, 25, null, 0.9f), blend));
        // The first car is hidden behind the other for two frames, then seen again on its way out.
        for (int i = 7; i <= 12; i++) {
            Observation other = sighting(i, 600 + 72 * (i - 6), 400, "QW292XL", 0.85f);
            if (i == 9 || i == 10) {
                frame(i, sighting(i, 1000 - 72 * i, 400, "DRR8R12", 0.85f), other);
            } else {
                frame(i, other);
            }
        }
        List<Tracklet> tracklets = end(12);
        assertEquals(List.of("DRR8R12", "QW292XL"), tracklets.stream().map(t -> t.best().text()).sorted().toList());
        for (Tracklet tracklet : tracklets) {
            String other = tracklet.best().text().equals("DRR8R12") ? "QW292XL" : "DRR8R12";
            assertTrue(tracklet.observations().stream().noneMatch(o -> o.read() != null && o.read().text().equals(other)),
                    tracklet.best().text() + "'s tracklet holds none of " + other + "'s reads");
        }
    }

    @Test
    void crossingCarsWithoutReadsAreToldApartByTheirMotion() {
        // Offset so that just after they pass, each car is nearer the other's last position than its own:
        // only the predicted positions keep them apart.
        for (int i = 0; i <= 10; i++) {
            Observation a = sighting(i, 200 + 100 * i, 400, null, 0);
            Observation b = sighting(i, 1050 - 100 * i, 410, null, 0);
            if (i % 2 == 0) {
                frame(i, a, b);
            } else {
                frame(i, b, a);
            }
        }
        List<Tracklet> tracklets = end(10);
        assertEquals(2, tracklets.size());
        for (Tracklet tracklet : tracklets) {
            List<Observation> seen = tracklet.observations();
            float direction = Math.signum(seen.get(1).detection().x() - seen.get(0).detection().x());
            for (int i = 1; i < seen.size(); i++) {
                assertEquals(direction, Math.signum(seen.get(i).detection().x() - seen.get(i - 1).detection().x()),
                        "each tracklet keeps moving one way: no swap at the crossing");
            }
        }
    }

    @Test
    void aCarThatLeavesAndComesBackIsTwoTracklets() {
        for (int i = 0; i < 6; i++) {
            frame(i, sighting(i, 600, 300 + 20 * i, "XYZ789", 0.9f));
        }
        for (int i = 6; i < 21; i++) {
            frame(i); // gone for 3 s
        }
        for (int i = 21; i < 26; i++) {
            frame(i, sighting(i, 600, 300 + 20 * (i - 21), "XYZ789", 0.9f));
        }
        List<Tracklet> tracklets = end(25);
        assertEquals(2, tracklets.size());
        assertEquals("XYZ789", tracklets.get(0).best().text());
        assertEquals("XYZ789", tracklets.get(1).best().text());
        assertEquals(6, tracklets.get(0).observations().size());
        assertEquals(5, tracklets.get(1).observations().size());
    }

    @Test
    void aSingleFrameFalsePositiveMakesNoTracklet() {
        frame(0, sighting(0, 100, 100, "II", 0.3f));
        for (int i = 1; i < 5; i++) {
            frame(i, sighting(i, 700, 300 + 20 * i, "PQR321", 0.9f));
        }
        List<Tracklet> tracklets = end(4);
        assertEquals(1, tracklets.size());
        assertEquals("PQR321", tracklets.get(0).best().text());
    }

    @Test
    void fastPlatesAtLowFrameRatesAreFollowedByTheirVelocity() {
        // 150 px per sampled frame: the boxes of consecutive sightings do not overlap at all.
        for (int i = 0; i < 8; i++) {
            frame(i, sighting(i, 100 + 150 * i, 500, "FST100", 0.9f));
        }
        assertEquals(1, end(7).size());
    }

    @Test
    void flushFinishesOpenTracks() {
        frame(0, sighting(0, 600, 300, "OPN111", 0.9f));
        frame(1, sighting(1, 600, 320, "OPN111", 0.9f));
        assertEquals(1, tracker.activeTracks());
        List<Tracklet> flushed = tracker.flush();
        assertEquals(1, flushed.size());
        assertEquals(0, tracker.activeTracks());
    }

    /**
     * Feeds one frame as a pipeline does: the detections the tracker calls settled join unread, the
     * others with the text the reader would give. @return how many were read
     */
    private int readAsAPipeline(int frame, int readEvery, Observation... seen) {
        List<PlateDetection> detections = java.util.Arrays.stream(seen).map(Observation::detection).toList();
        boolean[] settled = tracker.settledAmong(at(frame), detections, readEvery);
        List<Observation> sightings = new ArrayList<>();
        int read = 0;
        for (int i = 0; i < seen.length; i++) {
            sightings.add(settled[i] ? new Observation(frame, at(frame), seen[i].detection(), null) : seen[i]);
            read += settled[i] ? 0 : 1;
        }
        finished.addAll(tracker.update(at(frame), sightings));
        return read;
    }

    @Test
    void aCarWhoseReadIsSettledIsReadOnOneSightingInTheInterval() {
        int read = 0;
        for (int i = 0; i < 23; i++) {
            read += readAsAPipeline(i, 5, sighting(i, 600, 300 + 10 * i, "SET123", 0.9f));
        }
        // Three sure reads (2.7 ahead of any other text) settle it; then one sighting in five is read.
        assertEquals(3 + 4, read, "reads at sightings 0, 1, 2, 7, 12, 17 and 22");
        List<Tracklet> tracklets = end(22);
        assertEquals(1, tracklets.size());
        assertEquals(23, tracklets.get(0).observations().size(), "unread sightings are sightings of the car all the same");
        assertEquals("SET123", tracklets.get(0).best().text());
        assertEquals(1f, tracklets.get(0).best().confidence(), 0.001f, "the vote is over the reads made");
    }

    @Test
    void readsThatDisagreeOrAnIntervalOfOneKeepEverySightingRead() {
        int read = 0;
        for (int i = 0; i < 10; i++) {
            read += readAsAPipeline(i, 5, sighting(i, 600, 300 + 10 * i, i % 2 == 0 ? "DIS123" : "DIS128", 0.9f));
        }
        assertEquals(10, read, "two texts neck and neck: no lead, nothing settled");
        int everyOne = 0;
        for (int i = 20; i < 30; i++) {
            everyOne += readAsAPipeline(i, 1, sighting(i, 200, 300 + 10 * i, "ONE111", 0.9f));
        }
        assertEquals(10, everyOne);
    }

    @Test
    void aSettledCarsPlateIsReadWhenAnotherPlateCouldBeTakenForIt() {
        for (int i = 0; i < 4; i++) {
            readAsAPipeline(i, 5, sighting(i, 600, 300, "NEAR11", 0.95f));
        }
        // A second detection near the settled car's: which is which is the reader's to say, so both are read.
        assertEquals(2, readAsAPipeline(4, 5, sighting(4, 600, 300, "NEAR11", 0.95f), sighting(4, 640, 305, "OTHER2", 0.9f)));
        // The other plate's track lingers for the tracker's gap (1.5 s) in case it comes back: until then it
        // could take the settled car's plate for its own, so that plate is read.
        for (int i = 5; i <= 11; i++) {
            assertEquals(1, readAsAPipeline(i, 5, sighting(i, 600, 300, "NEAR11", 0.95f)), "sighting " + i);
        }
        assertEquals(0, readAsAPipeline(12, 5, sighting(12, 600, 300, "NEAR11", 0.95f)), "the other track over, it goes unread");
    }

    @Test
    void theNextCarWhereASettledOneStoodIsReadAndToldApart() {
        for (int i = 0; i < 6; i++) {
            readAsAPipeline(i, 10, sighting(i, 600, 400, "GATE111", 0.9f));
        }
        // The barrier opens: 800 ms without a plate, then the next car stops where the first one stood.
        for (int i = 9; i < 12; i++) {
            assertEquals(1, readAsAPipeline(i, 10, sighting(i, 600, 400, "NEXT222", 0.9f)), "sighting " + i + " of the next car is read");
        }
        List<Tracklet> tracklets = end(11);
        assertEquals(List.of("GATE111", "NEXT222"), tracklets.stream().map(t -> t.best().text()).toList());
        assertEquals(6, tracklets.get(0).observations().size(), "the first car keeps its own sightings only");
    }
}
