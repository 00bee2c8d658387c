package io.platewise.recognition.internal.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.platewise.recognition.internal.evaluation.ClipEvaluation.Car;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A clip's labels, a row per frame a plate is seen in, become cars. */
class ClipEvaluationTest {

    private static Map<String, String> row(long timeMs, String plate) {
        return Map.of("time_ms", String.valueOf(timeMs), "plate", plate);
    }

    @Test
    void aPlateGoneForMoreThanTheGapIsAnotherCarAndTwoCarsCanOverlap() {
        List<Car> cars = ClipEvaluation.cars(List.of(row(0, "AB-123"), row(200, "AB123"), row(400, "ab123"), row(300, "XY999"),
                row(900, "XY999"), row(400 + ClipEvaluation.CAR_GAP_MS + 1, "AB123"), row(500, "")));
        assertEquals(List.of(new Car("AB123", 0, 400), new Car("XY999", 300, 900),
                new Car("AB123", 401 + ClipEvaluation.CAR_GAP_MS, 401 + ClipEvaluation.CAR_GAP_MS)), cars);
    }

    @Test
    void aPlateSeenWithinTheGapStaysOneCar() {
        assertEquals(List.of(new Car("AB123", 0, 2_000)), ClipEvaluation.cars(List.of(row(0, "AB123"), row(ClipEvaluation.CAR_GAP_MS, "AB123"))));
    }
}
