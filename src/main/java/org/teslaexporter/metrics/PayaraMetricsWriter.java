package org.teslaexporter.metrics;

import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * MicroProfile Metrics' text made in this process by Payara's own writer — the same classes
 * ({@code MetricsWriterImpl} over an {@code OpenMetricsExporter}) that Payara's {@code /mp-metrics}
 * servlet uses, with the same service, registries and global tags — instead of an HTTP request to
 * that servlet: no loopback connection, no request thread, no HTTP client. Payara Micro's class
 * loader shows these classes to the application, but they are not an API of Payara's: they are
 * looked up by name once, and when any is missing (another Payara), {@link #find} says so and the
 * exporter renders through the loopback as before ({@link RenderedMetrics}).
 */
final class PayaraMetricsWriter {

    /** What Payara's servlet answers for {@code text/plain}. */
    static final String CONTENT_TYPE = "text/plain;charset=UTF-8";

    /** Payara's metrics service, asked for its contexts (applications) and their registries at each rendering. */
    private final Runnable refresh;
    private final Supplier<Set<String>> contextNames;
    private final Function<String, Object> contexts;
    private final Constructor<?> exporter;
    private final Constructor<?> writer;
    private final Method writeAll;
    private final Method writeScope;
    private final Method writeName;
    private final Class<?> noSuchRegistry;
    private final Class<?> noSuchMetric;
    private final Object globalTags;

    /**
     * The writer classes from {@code loader}, over the contexts {@code contextNames} names and {@code contexts}
     * gives (Payara's {@code MetricsContext}s), with {@code globalTags} (null: none).
     */
    PayaraMetricsWriter(ClassLoader loader, Runnable refresh, Supplier<Set<String>> contextNames,
            Function<String, Object> contexts, Object globalTags) throws ReflectiveOperationException {
        this.refresh = refresh;
        this.contextNames = contextNames;
        this.contexts = contexts;
        Class<?> exporterType = Class.forName("fish.payara.microprofile.metrics.writer.OpenMetricsExporter", true, loader);
        exporter = exporterType.getConstructor(java.io.Writer.class);
        Class<?> exporterInterface = Class.forName("fish.payara.microprofile.metrics.writer.MetricExporter", true, loader);
        Class<?> writerType = Class.forName("fish.payara.microprofile.metrics.writer.MetricsWriterImpl", true, loader);
        Class<?> tagArray = Class.forName("[Lorg.eclipse.microprofile.metrics.Tag;", true, loader);
        writer = writerType.getConstructor(exporterInterface, Set.class, Function.class, tagArray);
        writeAll = writerType.getMethod("write");
        writeScope = writerType.getMethod("write", String.class);
        writeName = writerType.getMethod("write", String.class, String.class);
        noSuchRegistry = Class.forName("fish.payara.microprofile.metrics.exception.NoSuchRegistryException", true, loader);
        noSuchMetric = Class.forName("fish.payara.microprofile.metrics.exception.NoSuchMetricException", true, loader);
        this.globalTags = globalTags != null ? globalTags : Array.newInstance(tagArray.getComponentType(), 0);
    }

    /** Payara's writer over Payara's own metrics service (the one its servlet uses), or null (with the reason in {@code why}). */
    static PayaraMetricsWriter find(StringBuilder why) {
        try {
            ClassLoader loader = PayaraMetricsWriter.class.getClassLoader();
            Class<?> globals = Class.forName("org.glassfish.internal.api.Globals", true, loader);
            Class<?> serviceType = Class.forName("fish.payara.microprofile.metrics.MetricsService", true, loader);
            Object locator = globals.getMethod("getDefaultBaseServiceLocator").invoke(null);
            Method getService = locator.getClass().getMethod("getService", Class.class, java.lang.annotation.Annotation[].class);
            Object service = getService.invoke(locator, serviceType, new java.lang.annotation.Annotation[0]);
            if (service == null) {
                throw new ClassNotFoundException("no MetricsService");
            }
            Method refresh = serviceType.getMethod("refresh");
            Method names = serviceType.getMethod("getContextNames");
            Method context = serviceType.getMethod("getContext", String.class);
            Object tags = Class.forName("fish.payara.microprofile.metrics.cdi.MetricUtils", true, loader)
                    .getMethod("resolveGlobalTagsConfiguration").invoke(null);
            return new PayaraMetricsWriter(loader, () -> call(refresh, service), () -> cast(call(names, service)),
                    n -> call(context, service, n), tags);
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            why.append(e.getClass().getSimpleName()).append(' ').append(e.getMessage());
            return null;
        }
    }

    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    /** The CPU time of this thread, or -1 where the JVM does not measure it. */
    private static long cpuNanos() {
        return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : -1;
    }

    @SuppressWarnings("unchecked")
    private static Set<String> cast(Object names) {
        return (Set<String>) names;
    }

    private static void write(java.io.Writer w, String s) {
        try {
            w.write(s);
        } catch (java.io.IOException impossible) {
            throw new IllegalStateException(impossible);     // a writer into memory
        }
    }

    private static void flush(java.io.Writer w) {
        try {
            w.flush();
        } catch (java.io.IOException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static Object call(Method method, Object target, Object... args) {
        try {
            return method.invoke(target, args);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The page for a query: 200 and the text, or 404 for an unknown scope or name. */
    RenderedMetrics.Copy render(MetricsQuery query, long generation) throws ReflectiveOperationException {
        return render(query, generation, 0);
    }

    /**
     * The page for a query, written as UTF-8 straight into a buffer of {@code sizeHint} and an eighth (the
     * last copy's size): at 1,000 cars the page is 15–18 MB, and a growing StringWriter held its text
     * twice over in UTF-16 (a 64 MB array after a doubling) plus two more copies on the way to bytes.
     */
    RenderedMetrics.Copy render(MetricsQuery query, long generation, int sizeHint) throws ReflectiveOperationException {
        long started = System.nanoTime();
        long cpuStarted = cpuNanos();
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(Math.max(16 * 1024, sizeHint + sizeHint / 8));
        java.io.Writer text = new java.io.OutputStreamWriter(bytes, StandardCharsets.UTF_8);
        int status = 200;
        refresh.run();
        Object w = writer.newInstance(exporter.newInstance(text), contextNames.get(), contexts, globalTags);
        try {
            if (query.scope() == null) {
                writeAll.invoke(w);
            } else if (query.name() == null) {
                writeScope.invoke(w, query.scope());
            } else {
                writeName.invoke(w, query.scope(), query.name());
            }
        } catch (InvocationTargetException e) {
            if (!noSuchRegistry.isInstance(e.getCause()) && !noSuchMetric.isInstance(e.getCause())) {
                throw e;
            }
            status = 404;
            bytes.reset();
            text = new java.io.OutputStreamWriter(bytes, StandardCharsets.UTF_8);
            write(text, e.getCause().getMessage() == null ? "Not found" : e.getCause().getMessage());
        }
        flush(text);
        byte[] body = bytes.toByteArray();
        long now = System.nanoTime();
        // what a rendering costs is this thread's CPU time, not the time on the clock: while the start-up's
        // other work (or another process) holds the cores, the clock says a rendering takes many times longer,
        // and renewals after a change would wait fifteen times that (RenderedMetrics.Copy.changedAgeNanos)
        long cpu = cpuNanos();
        long cost = cpu < 0 || cpuStarted < 0 ? now - started : cpu - cpuStarted;
        return new RenderedMetrics.Copy(status, CONTENT_TYPE, body, now, cost, generation, cost);
    }
}
