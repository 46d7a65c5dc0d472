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
}
