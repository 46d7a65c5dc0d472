package org.teslaexporter.setup;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.teslaexporter.auth.AppKeys;

/**
 * Serves the app's public key where Tesla looks for it, so a reverse proxy on the user's domain only
 * has to forward {@code /.well-known/appspecific/com.tesla.3p.public-key.pem} to the exporter.
 */
@WebServlet("/.well-known/appspecific/com.tesla.3p.public-key.pem")
public class PublicKeyServlet extends HttpServlet {

    @Inject
    AppKeys appKeys;

    /** From memory: an anonymous request never reads the disk or makes a key. */
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        AppKeys.Status keys = appKeys.status();
        if (keys.publicKeyPem() == null) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND, "No public key yet: see the set-up page.");
            return;
        }
        response.setContentType("application/x-pem-file");
        response.setHeader("Cache-Control", "public, max-age=300");
        response.getWriter().write(keys.publicKeyPem());
    }
}
