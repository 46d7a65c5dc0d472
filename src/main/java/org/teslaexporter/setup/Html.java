package org.teslaexporter.setup;

/** HTML escaping and the page frame shared by the set-up pages. */
public final class Html {

    private Html() {
    }

    /** Escapes text for HTML element content and quoted attribute values. */
    public static String esc(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c < 0x20 && c != '\n' && c != '\t' ? '?' : c);
            }
        }
        return out.toString();
    }

    /** A whole page: {@code title} is escaped here, {@code body} must already be safe HTML. */
    static String page(String title, String body) {
        return """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%s — Tesla exporter</title>
                <link rel="stylesheet" href="/setup.css">
                </head>
                <body>
                <header><a href="/setup">Tesla exporter</a></header>
                <main>
                <h1>%s</h1>
                %s
                </main>
                </body>
                </html>
                """.formatted(esc(title), esc(title), body);
    }

    /** A POST form with the session's CSRF token. */
    static String form(String action, String csrf, String inner) {
        return "<form method=\"post\" action=\"" + esc(action) + "\"><input type=\"hidden\" name=\"csrf\" value=\""
                + esc(csrf) + "\">" + inner + "</form>";
    }
}
