package org.teslaexporter.http;

import jakarta.ws.rs.ProcessingException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.rest.client.RestClientBuilder;
import org.teslaexporter.threads.DaemonThreads;

/**
 * Builds MicroProfile REST Clients programmatically, because their base URL is decided at run time
 * (the demo's own port; a region switch after a 421), all with the same {@link HttpLimits}: connect
 * and read timeouts, answers bounded in size and time by {@link BoundedAnswers}, redirects not
 * followed (a 3xx is an answer to classify, not a hop to an unknown host with our token).
 */
public final class RestClients {

    /** Runs calls with a hard deadline; threads are made on demand and die after a minute idle. */
    private static final ThreadPoolExecutor CALLS = new ThreadPoolExecutor(0, 256, 60, TimeUnit.SECONDS,
            new SynchronousQueue<>(), DaemonThreads.named("tesla-http", true), new ThreadPoolExecutor.CallerRunsPolicy());

    private RestClients() {
    }

    /**
     * A client whose every answer is bounded by {@link BoundedAnswers}. Callers that must not
     * abandon an answer once it is on its way (the token endpoint: a refresh token is spent the
     * moment Tesla answers) use this one.
     */
    public static <T> T bounded(Class<T> api, URI baseUri, HttpLimits limits) {
        return RestClientBuilder.newBuilder()
                .baseUri(baseUri)
                .connectTimeout(limits.connect().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(limits.read().toMillis(), TimeUnit.MILLISECONDS)
                .followRedirects(false)
                // every client maps its own errors (or returns the raw Response): no generic WebApplicationException
                .property("microprofile.rest.client.disable.default.mapper", true)
                .register(new BoundedAnswers(limits))
                .build(api);
    }

    /**
     * {@link #bounded} plus a hard deadline on the caller's side: the caller gets its answer or a
     * {@link ProcessingException} caused by {@link DeadlineExceededException} after at most
     * {@link HttpLimits#total()}, even while a server drips its headers; the abandoned exchange ends
     * by itself within one more read timeout.
     */
    @SuppressWarnings("unchecked")
    public static <T> T withDeadline(Class<T> api, URI baseUri, HttpLimits limits) {
        T client = bounded(api, baseUri, limits);
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        InvocationHandler handler = (proxy, method, args) -> invoke(client, method, args, limits, loader);
        return (T) Proxy.newProxyInstance(api.getClassLoader(), new Class<?>[] {api}, handler);
    }

    private static Object invoke(Object client, Method method, Object[] args, HttpLimits limits, ClassLoader loader)
            throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return method.invoke(client, args);
        }
        Future<Object> call = CALLS.submit(() -> {
            Thread t = Thread.currentThread();
            ClassLoader before = t.getContextClassLoader();
            t.setContextClassLoader(loader);    // providers (JSON-P, the mappers) are found through it
            try {
                return method.invoke(client, args);
            } finally {
                t.setContextClassLoader(before);
            }
        });
        try {
            return call.get(limits.total().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException late) {
            call.cancel(true);
            throw new ProcessingException(new DeadlineExceededException(limits.total()));
        } catch (InterruptedException interrupted) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw new ProcessingException(interrupted);
        } catch (ExecutionException failed) {
            Throwable cause = failed.getCause();
            throw cause instanceof InvocationTargetException ite && ite.getCause() != null ? ite.getCause() : cause;
        }
    }

}
