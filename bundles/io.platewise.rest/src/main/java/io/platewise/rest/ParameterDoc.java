package io.platewise.rest;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What {@code /api/openapi.json} says of a resource method's parameter beyond its Java type: a
 * string that takes only some values, or holds a time, is a plain string to the generator unless
 * the resource says so here (the resource still checks the value itself).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface ParameterDoc {

    /** What the parameter means; empty for none. */
    String value() default "";

    /** The only values it takes (the schema's {@code enum}); empty for any. */
    String[] allowed() default {};

    /** The schema's {@code format}, such as {@code date-time}; empty for none. */
    String format() default "";
}
