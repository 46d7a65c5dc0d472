package org.teslaexporter.config;

/** What the settings builders say of a value left out: a programming error, named. */
final class Required {

    private Required() {
    }

    static <T> T of(T value, String name) {
        if (value == null) {
            throw new IllegalStateException(name + " was not set");
        }
        return value;
    }
}
