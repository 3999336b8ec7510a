package io.computebroker.util;

import java.util.function.Supplier;

/** A thread-safe memoising supplier: computes once, on first use. */
public final class Lazy<T> implements Supplier<T> {
    private final Supplier<T> factory;
    private volatile T value;

    private Lazy(Supplier<T> factory) { this.factory = factory; }

    public static <T> Lazy<T> of(Supplier<T> factory) { return new Lazy<>(factory); }

    @Override
    public T get() {
        T v = value;
        if (v == null) {
            synchronized (this) {
                v = value;
                if (v == null) value = v = factory.get();
            }
        }
        return v;
    }
}
