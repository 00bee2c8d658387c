package io.platewise.recognition.internal.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.platewise.recognition.internal.tracklets.PlateMatch;
import io.platewise.rest.ParameterDoc;
import jakarta.ws.rs.QueryParam;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the API description says of the tracklet list's parameters is what the resource takes. */
class TrackletsResourceTest {

    private static ParameterDoc doc(String name) {
        Method list = Arrays.stream(TrackletsResource.class.getMethods()).filter(m -> m.getName().equals("list")).findFirst().orElseThrow();
        for (Parameter parameter : list.getParameters()) {
            QueryParam query = parameter.getAnnotation(QueryParam.class);
            if (query != null && query.value().equals(name)) {
                return parameter.getAnnotation(ParameterDoc.class);
            }
        }
        throw new AssertionError("no query parameter " + name);
    }

    @Test
    void theMatchValuesDescribedAreThoseTheSearchTakes() {
        assertEquals(Arrays.stream(PlateMatch.values()).map(PlateMatch::parameter).toList(), List.of(doc("match").allowed()));
        for (String value : doc("match").allowed()) {
            assertEquals(value, PlateMatch.of(value).parameter());
        }
    }

    @Test
    void timesAreDescribedAsTimes() {
        assertEquals("date-time", doc("from").format());
        assertEquals("date-time", doc("to").format());
        assertEquals(List.of("hour", "day", "week"), List.of(doc("range").allowed()));
    }
}
