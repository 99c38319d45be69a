package dev.gatelab;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Files on the class path that Gatelab reads (plotly.js from its webjar, the chart loader, the PyTorch runtime), read
 * one way: a missing one is an error that names it.
 */
public final class Resources {
    private Resources() {}

    /**
     * @param owner the class whose package the name is relative to (a name with a leading '/' is absolute)
     * @param name the resource's name
     * @return the resource, open: the caller closes it
     * @throws IllegalStateException when the jar does not hold it
     */
    public static InputStream open(Class<?> owner, String name) {
        InputStream in = owner.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("the class path does not hold the resource " + name + " (looked up from "
                    + owner.getName() + "): a jar of Gatelab or of its dependencies is missing or repackaged");
        }
        return in;
    }

    /**
     * @param owner the class whose package the name is relative to
     * @param name the resource's name
     * @return its text, read as UTF-8
     * @throws IllegalStateException when the jar does not hold it
     */
    public static String text(Class<?> owner, String name) {
        try (InputStream in = open(owner, name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + name + " from Gatelab's jar", e);
        }
    }
}
