package dev.gatelab;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A test that the quick loop leaves out and the test command runs: one that takes over a second here, or starts
 * another JVM, Python, javadoc or a kernel. {@code mvn test} runs the rest (about half a minute); {@code bash
 * binder/test.sh}, and {@code mvn test -Dgatelab.excludedGroups=} for the unit tests alone, run everything.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag("slow")
public @interface Slow {}
