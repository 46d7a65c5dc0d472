package org.teslaexporter.demo;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Set;

/** JAX-RS root of the simulated Fleet API: {@code /demo/api/1/…}; answers 404 unless TESLA_DEMO=true. */
@ApplicationPath("/demo")
public class DemoApplication extends Application {

    /** Only the demo resource: the REST client interfaces carry {@code @Path} too, but are not resources. */
    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(DemoFleetApiResource.class);
    }
}
