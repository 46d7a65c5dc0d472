package org.teslaexporter.config;

/**
 * A value that must never be printed: {@link #toString()} says only whether it is set, so a secret
 * cannot leak through a log line, a page or a record's generated {@code toString}.
 */
public final class Secret {

    private final String value;

    public Secret(String value) {
        this.value = value == null || value.isBlank() ? null : value;
    }

    public boolean isSet() {
        return value != null;
    }

    /** The secret itself, for the one place that sends it (the token endpoint). */
    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return isSet() ? "(set)" : "(not set)";
    }
}
