package org.teslaexporter.setup;

/**
 * A page's view: a record of plain values (strings, booleans, lists of records) built by a plain
 * function, and the jte template that shows it ({@code src/main/jte/<template>.jte}), which escapes
 * every value. Nothing in a view is HTML.
 */
public sealed interface PageView permits SignInView, OutcomeView, SetupView, JournalView, InviteView {

    /** The template's name under {@code src/main/jte} (views are public: the templates are compiled in jte's own package). */
    String template();
}
