package dev.eventbus.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts the SQS requests a contender's process makes, by operation: the figure that explains most of
 * a consumer's CPU per message (each request costs the client tens of microseconds, and ElasticMQ more).
 */
final class SqsCalls implements ExecutionInterceptor {

    static final SqsCalls INSTANCE = new SqsCalls();

    private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();

    private SqsCalls() {}

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        calls.computeIfAbsent(operation == null ? "?" : operation, k -> new LongAdder()).increment();
    }

    Map<String, Long> snapshot() {
        Map<String, Long> m = new TreeMap<>();
        calls.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    /** {@code Op:count,...} of the requests since {@code before}, leaving out the harness's own GetQueueAttributes. */
    static String since(Map<String, Long> before, Map<String, Long> after) {
        StringBuilder s = new StringBuilder();
        after.forEach((op, n) -> {
            long d = n - before.getOrDefault(op, 0L);
            if (d > 0 && !op.equals("GetQueueAttributes")) {
                s.append(s.isEmpty() ? "" : ",").append(op).append(':').append(d);
            }
        });
        return s.isEmpty() ? "none" : s.toString();
    }
}
