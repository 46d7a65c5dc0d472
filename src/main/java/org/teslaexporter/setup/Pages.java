package org.teslaexporter.setup;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.WriterOutput;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.StringWriter;

/**
 * Shows a page: its view rendered by its jte template ({@code src/main/jte/<template>.jte}, compiled
 * to a class at build time, so a template that names a missing value does not build). The HTML
 * content type escapes every {@code ${…}} for where it stands — element text, attribute value — and
 * no template writes a value unescaped ({@code TemplatesTest}).
 */
final class Pages {

    /** The precompiled templates, found on this class loader. */
    private static final TemplateEngine ENGINE = TemplateEngine.createPrecompiled(null, ContentType.Html,
            Pages.class.getClassLoader(), "gg.jte.generated.precompiled");

    private Pages() {
    }

    /** The page's HTML. */
    static String render(PageView view) {
        StringWriter html = new StringWriter(8192);
        ENGINE.render(view.template() + ".jte", view, new WriterOutput(html));
        return html.toString();
    }

    static void show(HttpServletResponse response, int status, PageView view) throws IOException {
        String html = render(view);      // whole before the status is sent: a failing template is a plain 500
        response.setStatus(status);
        response.setContentType("text/html;charset=UTF-8");
        response.getWriter().write(html);
    }
}
