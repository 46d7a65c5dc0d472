package org.teslaexporter.vehicle;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A copy of a {@link VehicleSnapshot} with one value changed, by path ({@code "charge.batteryLevelPercent"},
 * or a map entry of {@code "tyres.pressureBar"}): the stream changes one field at a time, the records
 * are immutable and have dozens of components. Paths are checked once, when a translator table is
 * built ({@link #check}), so a typo fails at class loading and in every test, not on a car's message.
 */
final class RecordPaths {

    private record Shape(RecordComponent[] components, Constructor<?> constructor) {
        int index(String name) {
            for (int i = 0; i < components.length; i++) {
                if (components[i].getName().equals(name)) {
                    return i;
                }
            }
            throw new IllegalArgumentException("no component '" + name + "' in " + constructor.getDeclaringClass().getSimpleName());
        }
    }

    private static final Map<Class<?>, Shape> SHAPES = new ConcurrentHashMap<>();

    private RecordPaths() {
    }

    /** Fails unless {@code path} names a component of a component of VehicleSnapshot (or of VehicleSnapshot). */
    static String check(String path) {
        Class<?> type = VehicleSnapshot.class;
        for (String part : path.split("\\.")) {
            Shape shape = shape(type);
            type = shape.components()[shape.index(part)].getType();
        }
        return path;
    }

    /** Fails unless {@code name} is a component of the record {@code type}. */
    static String checkComponent(Class<? extends Record> type, String name) {
        shape(type).index(name);
        return name;
    }

    /** A copy of {@code record} with its component {@code name} replaced. */
    @SuppressWarnings("unchecked")
    static <R extends Record> R setComponent(R record, String name, Object value) {
        return (R) set(record, new String[] {name}, 0, value);
    }

    /** The value of the component {@code name} of {@code record}. */
    @SuppressWarnings("unchecked")
    static <T> T component(Record record, String name) {
        Shape shape = shape(record.getClass());
        return (T) read(shape.components()[shape.index(name)], record);
    }

    /** A copy of {@code snapshot} with the value at {@code path} replaced (null = unknown). */
    static VehicleSnapshot set(VehicleSnapshot snapshot, String path, Object value) {
        return (VehicleSnapshot) set((Record) snapshot, path.split("\\."), 0, value);
    }

    /** A copy with one entry of the map at {@code path} replaced, or removed when {@code value} is null. */
    static VehicleSnapshot put(VehicleSnapshot snapshot, String path, String key, Object value) {
        return set(snapshot, path, with(RecordPaths.<Map<String, Object>>get(snapshot, path), key, value));
    }

    /** An immutable copy of {@code map} with {@code key} set to {@code value}, or removed when it is null. */
    static <V> Map<String, V> with(Map<String, V> map, String key, V value) {
        Map<String, V> copy = new HashMap<>(map);
        if (value == null) {
            copy.remove(key);
        } else {
            copy.put(key, value);
        }
        return Map.copyOf(copy);
    }

    /** The value at {@code path}. */
    @SuppressWarnings("unchecked")
    static <T> T get(VehicleSnapshot snapshot, String path) {
        Object at = snapshot;
        for (String part : path.split("\\.")) {
            Shape shape = shape(at.getClass());
            at = read(shape.components()[shape.index(part)], at);
        }
        return (T) at;
    }

    private static Record set(Record record, String[] parts, int depth, Object value) {
        Shape shape = shape(record.getClass());
        int i = shape.index(parts[depth]);
        Object[] args = new Object[shape.components().length];
        for (int c = 0; c < args.length; c++) {
            args[c] = read(shape.components()[c], record);
        }
        args[i] = depth == parts.length - 1 ? value : set((Record) args[i], parts, depth + 1, value);
        try {
            return (Record) shape.constructor().newInstance(args);
        } catch (InstantiationException | IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot copy " + record.getClass().getSimpleName(), e);
        }
    }

    private static Object read(RecordComponent component, Object record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + component.getName(), e);
        }
    }

    private static Shape shape(Class<?> type) {
        return SHAPES.computeIfAbsent(type, t -> {
            if (!t.isRecord()) {
                throw new IllegalArgumentException(t.getSimpleName() + " is not a record");
            }
            RecordComponent[] components = t.getRecordComponents();
            try {
                Constructor<?> constructor = t.getDeclaredConstructor(
                        Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
                return new Shape(components, constructor);
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
