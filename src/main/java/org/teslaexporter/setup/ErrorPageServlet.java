package org.teslaexporter.setup;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The error page of every status the container itself answers (404, 405, …), instead of the
 * server's own page with its name and version: the status and a word, nothing else.
 */
public class ErrorPageServlet extends HttpServlet {

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        int status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer i ? i : 500;
        String word = switch (status) {
            case 400 -> "Bad request.";
            case 403 -> "Forbidden.";
            case 404 -> "Not found.";
            case 405 -> "Method not allowed.";
            case 413 -> "Request too large.";
            default -> status >= 500 ? "Internal error; the exporter's log says more." : "Refused.";
        };
        RequestLimitsFilter.plain(response, status, word);
    }
}
