package io.platewise.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The wording of Jackson's real exceptions, read from maps as a resource reads its request. */
class JsonInputErrorsTest {

    enum Colour { RED, GREEN }

    record Settings(Float threshold, Integer count, Boolean enabled, String name, List<List<Float>> zones, Map<String, String> rules,
            Colour colour) {
    }

    private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);

    private String describe(Map<String, Object> input) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> json.convertValue(input, Settings.class));
        return JsonInputErrors.describe((JsonMappingException) refused.getCause(), input);
    }

    @Test
    void aValueOfTheWrongTypeIsNamedWithWhatItMustBe() {
        assertEquals("threshold must be a number, not \"high\"", describe(Map.of("threshold", "high")));
        assertEquals("count must be a whole number, not 2.5", describe(Map.of("count", 2.5)));
        assertEquals("enabled must be true or false, not \"yes\"", describe(Map.of("enabled", "yes")));
        assertEquals("name must be text, not a list", describe(Map.of("name", List.of("a"))));
        assertEquals("zones must be a list, not \"all\"", describe(Map.of("zones", "all")));
        assertEquals("rules must be an object, not 3", describe(Map.of("rules", 3)));
        assertEquals("colour must be one of RED, GREEN, not \"BLUE\"", describe(Map.of("colour", "BLUE")));
    }

    @Test
    void aValueDeepInsideIsNamedByItsPath() {
        assertEquals("zones[1][0] must be a number, not \"x\"", describe(Map.of("zones", List.of(List.of(0.1f), List.of("x")))));
    }

    @Test
    void anUnknownFieldIsNamedWithTheKnownOnes() {
        assertEquals("Unknown field 'speed'; known fields: colour, count, enabled, name, rules, threshold, zones",
                describe(Map.of("speed", 3)));
    }

    @Test
    void withoutTheInputTheValueIsLeftOut() throws Exception {
        JsonMappingException error = assertThrows(JsonMappingException.class,
                () -> json.readValue("{\"threshold\": \"high\"}", Settings.class));
        assertEquals("threshold must be a number", JsonInputErrors.describe(error, null));
    }
}
