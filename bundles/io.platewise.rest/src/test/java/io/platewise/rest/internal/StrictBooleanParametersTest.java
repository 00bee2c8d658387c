package io.platewise.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.ws.rs.ext.ParamConverter;
import java.lang.annotation.Annotation;
import org.junit.jupiter.api.Test;

class StrictBooleanParametersTest {

    private final StrictBooleanParameters provider = new StrictBooleanParameters();

    @Test
    void trueAndFalseInAnyCaseAreRead() {
        ParamConverter<Boolean> primitive = provider.getConverter(boolean.class, boolean.class, new Annotation[0]);
        assertEquals(Boolean.TRUE, primitive.fromString("true"));
        assertEquals(Boolean.TRUE, primitive.fromString("TRUE"));
        assertEquals(Boolean.FALSE, provider.getConverter(Boolean.class, Boolean.class, new Annotation[0]).fromString("False"));
    }

    @Test
    void anyOtherTextIsRefusedInsteadOfReadAsFalse() {
        ParamConverter<Boolean> converter = provider.getConverter(boolean.class, boolean.class, new Annotation[0]);
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> converter.fromString("ture"));
        assertEquals("'ture' is neither true nor false", refused.getMessage());
        assertThrows(IllegalArgumentException.class, () -> converter.fromString("1"));
        assertThrows(IllegalArgumentException.class, () -> converter.fromString(""));
    }

    @Test
    void otherTypesAreLeftToTheDefaults() {
        assertNull(provider.getConverter(int.class, int.class, new Annotation[0]));
        assertNull(provider.getConverter(String.class, String.class, new Annotation[0]));
    }
}
