package org.teslaexporter.setup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The templates keep jte's escaping of every {@code ${…}} value: nothing that writes a value
 * unescaped or runs script, no value where it could start a URL of its own choosing, and no HTML
 * assembled in Java instead.
 */
class TemplatesTest {

    static final Path TEMPLATES = Path.of("src/main/jte");
    /** What would write text unescaped ($unsafe, @raw), run script, or style inline (the CSP refuses both anyway). */
    static final Pattern FORBIDDEN = Pattern.compile("\\$unsafe\\{|@raw|<script|<style|<iframe|<object|<embed|\\son[a-z]+\\s*=|\\sstyle\\s*=",
            Pattern.CASE_INSENSITIVE);
    /** A URL attribute whose value begins with a value: it could be {@code javascript:…}. */
    static final Pattern URL_FROM_VALUE = Pattern.compile("\\s(href|src|action|formaction)\\s*=\\s*\"\\$\\{", Pattern.CASE_INSENSITIVE);

    private static List<Path> templates() throws IOException {
        try (Stream<Path> files = Files.list(TEMPLATES)) {
            return files.filter(f -> f.toString().endsWith(".jte")).sorted().toList();
        }
    }

    @Test
    void everyValueIsWrittenByJtesEscaping() throws IOException {
        List<Path> files = templates();
        assertThat(files).extracting(f -> f.getFileName().toString())
                .containsExactlyInAnyOrder("layout.jte", "post.jte", "setup.jte", "signin.jte", "outcome.jte", "journal.jte", "invite.jte");
        List<String> problems = new ArrayList<>();
        for (Path file : files) {
            String name = file.getFileName().toString();
            List<String> lines = Files.readAllLines(file);
            for (int n = 0; n < lines.size(); n++) {
                String line = lines.get(n);
                Matcher forbidden = FORBIDDEN.matcher(line);
                if (forbidden.find()) {
                    problems.add(name + ":" + (n + 1) + ": " + forbidden.group().strip());
                }
                Matcher url = URL_FROM_VALUE.matcher(line);
                // post.jte's own action="${action}": its callers pass fixed actions, checked below
                if (url.find() && !(name.equals("post.jte") && line.contains("action=\"${action}\""))) {
                    problems.add(name + ":" + (n + 1) + ": a value starts the URL of " + url.group(1));
                }
                if (line.contains("@template.post(") && !line.matches(".*@template\\.post\\(action = \"/setup/[a-z/]+\",.*")) {
                    problems.add(name + ":" + (n + 1) + ": a form posts to a computed action");
                }
                if (line.contains("gg.jte.Content") && !name.equals("layout.jte") && !name.equals("post.jte")) {
                    problems.add(name + ":" + (n + 1) + ": only the frame and the form take template output");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyViewHasItsTemplateInTheFrame() throws IOException {
        for (PageView view : List.of(new SignInView("set-up token", null), OutcomeView.refused("t", "d"),
                new SetupView(false, "c", null, null, null, null, null, null, List.of(), null, null),
                new JournalView("2026-11", "2026-10", "2026-12", "UTC", true, null, List.of()), new InviteView("t", "", "x"))) {
            Path template = TEMPLATES.resolve(view.template() + ".jte");
            assertThat(template).exists();
            String text = Files.readString(template);
            assertThat(text).contains("@param " + view.getClass().getSimpleName() + " page", "@template.layout(");
        }
    }

    /** Markup in a Java string literal: the start of an HTML element a page would show. */
    static final Pattern HTML_IN_JAVA = Pattern.compile("\"[^\"\\n]*<(!DOCTYPE|html|head|body|p|a|div|span|table|tr|td|th"
            + "|form|input|button|h[1-6]|section|pre|br|ol|ul|li|code|details|label)[\\s>/][^\"\\n]*\"", Pattern.CASE_INSENSITIVE);

    @Test
    void noJavaSourceAssemblesHtml() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
            for (Path source : sources.filter(f -> f.toString().endsWith(".java")).toList()) {
                List<String> lines = Files.readAllLines(source);
                for (int n = 0; n < lines.size(); n++) {
                    String line = lines.get(n).strip();
                    if (!line.startsWith("*") && !line.startsWith("//") && HTML_IN_JAVA.matcher(line).find()) {
                        found.add(source + ":" + (n + 1) + ": " + line);
                    }
                }
            }
        }
        assertThat(found).as("HTML belongs in a template under src/main/jte").isEmpty();
    }
}
