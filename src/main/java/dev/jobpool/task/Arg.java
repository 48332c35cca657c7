package dev.jobpool.task;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Describes a task parameter (a component of its arguments record). */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.PARAMETER, ElementType.FIELD})
public @interface Arg {

    String description() default "";

    /** An optional parameter binds to null (its default) when the call leaves it out. */
    boolean optional() default false;
}
