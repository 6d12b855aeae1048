package dev.eventbus.worker.metrics;

import dev.eventbus.worker.Delivery;
import dev.eventbus.worker.Interceptor;
import dev.eventbus.worker.Outcome;
import java.time.Duration;

/** Counts every message by event type and outcome and times the whole chain. */
public final class MetricsInterceptor implements Interceptor {

    private final WorkerMetrics metrics;

    public MetricsInterceptor(WorkerMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public Outcome intercept(Chain chain) {
        Delivery delivery = chain.delivery();
        long started = System.nanoTime();
        Outcome outcome = chain.proceed(delivery);
        metrics.processed(delivery, outcome, Duration.ofNanos(System.nanoTime() - started));
        return outcome;
    }
}
