package io.platewise.rest.internal;

import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.Locale;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtension;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;

/**
 * Boolean parameters that take {@code true} or {@code false} only. By default Jakarta REST reads them
 * with {@link Boolean#valueOf(String)}, which takes any other text as false, so that a mistyped
 * {@code ?start=ture} would quietly do the opposite of what was asked; here it is refused with a 400
 * that names the parameter (see {@link ErrorMapper}).
 */
@Component(service = ParamConverterProvider.class)
@JakartarsExtension
@JakartarsName("platewise.parameters")
public final class StrictBooleanParameters implements ParamConverterProvider {

    private static final ParamConverter<Boolean> STRICT = new ParamConverter<>() {
        @Override
        public Boolean fromString(String value) {
            if (value == null) {
                throw new IllegalArgumentException("no value");
            }
            return switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "true" -> Boolean.TRUE;
                case "false" -> Boolean.FALSE;
                default -> throw new IllegalArgumentException("'" + value + "' is neither true nor false");
            };
        }

        @Override
        public String toString(Boolean value) {
            return value.toString();
        }
    };

    @Override
    @SuppressWarnings("unchecked")
    public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
        return rawType == boolean.class || rawType == Boolean.class ? (ParamConverter<T>) STRICT : null;
    }
}
