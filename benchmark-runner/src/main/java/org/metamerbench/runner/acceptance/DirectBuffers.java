package org.metamerbench.runner.acceptance;

import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Direct buffers that are given back when a computation ends, not when the collector next runs: large
 * staging buffers freed only by the collector would keep a finished computation's memory while the next
 * one allocates its own.
 */
final class DirectBuffers {
    private static final Method INVOKE_CLEANER;
    private static final Object UNSAFE;

    static {
        Method m = null;
        Object u = null;
        try {
            Class<?> c = Class.forName("sun.misc.Unsafe");
            java.lang.reflect.Field f = c.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            u = f.get(null);
            m = c.getMethod("invokeCleaner", ByteBuffer.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // not available: buffers are freed by the collector
        }
        INVOKE_CLEANER = m;
        UNSAFE = u;
    }

    private DirectBuffers() {
    }

    /** A direct buffer of {@code bytes} in native order, remembered in {@code owned}. */
    static ByteBuffer allocate(List<ByteBuffer> owned, long bytes) {
        ByteBuffer b = ByteBuffer.allocateDirect(Math.toIntExact(bytes)).order(ByteOrder.nativeOrder());
        owned.add(b);
        return b;
    }

    /** Frees every buffer of {@code owned}: nothing may use them afterwards. */
    static void free(List<ByteBuffer> owned) {
        if (INVOKE_CLEANER != null) {
            for (ByteBuffer b : owned) {
                try {
                    INVOKE_CLEANER.invoke(UNSAFE, b);
                } catch (ReflectiveOperationException e) {
                    // left to the collector
                }
            }
        }
        owned.clear();
    }
}
