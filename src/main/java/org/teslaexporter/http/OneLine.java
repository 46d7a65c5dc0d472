package org.teslaexporter.http;

/**
 * Text from outside (Tesla's error messages, exception texts) made safe for one log line or page
 * line: control characters (newlines that would forge log lines, escape sequences) become spaces,
 * runs of white space one space, and the length is capped.
 */
public final class OneLine {

    private OneLine() {
    }

    public static String of(String text, int max) {
        if (text == null) {
            return "";
        }
        String flat = text.replaceAll("[\\p{Cntrl}\\u2028\\u2029\\u0085]+", " ").replaceAll("\\s{2,}", " ").strip();
        return flat.length() <= max ? flat : flat.substring(0, max) + "…";
    }

    /** The innermost cause of {@code failed} as "SimpleName message", the message made one line of at most 200 characters. */
    public static String rootCause(Throwable failed) {
        Throwable root = failed;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : " " + of(root.getMessage(), 200));
    }
}
