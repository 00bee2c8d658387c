package io.platewise.recognition.internal.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.platewise.recognition.api.Observation;
import io.platewise.recognition.api.PlateDetection;
import io.platewise.recognition.api.PlateRead;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VotingTest {

    private static List<Observation> reads(Object... textConfidenceTemplate) {
        List<Observation> observations = new ArrayList<>();
        for (int i = 0; i < textConfidenceTemplate.length; i += 3) {
            observations.add(new Observation(i, Instant.EPOCH.plusMillis(i * 200L), new PlateDetection(0, 0, 100, 25, null, 1),
                    new PlateRead((String) textConfidenceTemplate[i], (Float) textConfidenceTemplate[i + 1], null, null,
                            (Boolean) textConfidenceTemplate[i + 2])));
        }
        return observations;
    }

    @Test
    void charactersVoteWhenNoFrameHadTheWholeTextRight() {
        Voting.Result result = Voting.vote(reads("ABC12B", 0.7f, true, "A8C123", 0.6f, true, "ABG123", 0.6f, true), 5);
        assertEquals("ABC123", result.best().text());
        assertTrue(result.candidates().stream().anyMatch(c -> c.text().equals("ABC12B")));
    }

    @Test
    void readsThatBreakTheTemplatesCountHalf() {
        Voting.Result result = Voting.vote(reads("0BC123", 0.9f, false, "OBC123", 0.8f, true), 5);
        assertEquals("OBC123", result.best().text());
        assertTrue(result.matchesTemplate());
    }

    @Test
    void confidencesAreSharesOfTheVoteAndCandidatesAreCapped() {
        Voting.Result result = Voting.vote(reads("AAA", 0.5f, true, "BBB", 0.5f, true, "CCC", 0.5f, true, "DDD", 0.5f, true), 2);
        assertEquals(2, result.candidates().size());
        assertEquals(0.25f, result.best().confidence(), 0.001f);
    }

    @Test
    void noReadsGiveAnEmptyBest() {
        List<Observation> unread = List.of(new Observation(0, Instant.EPOCH, new PlateDetection(0, 0, 10, 10, null, 1), null));
        Voting.Result result = Voting.vote(unread, 5);
        assertEquals("", result.best().text());
        assertFalse(result.matchesTemplate());
    }

    @Test
    void editDistance() {
        assertEquals(0, Voting.distance("ABC", "ABC"));
        assertEquals(1, Voting.distance("ABC", "A8C"));
        assertEquals(1, Voting.distance("ABC", "ABCD"));
        assertEquals(3, Voting.distance("", "XYZ"));
    }
}
