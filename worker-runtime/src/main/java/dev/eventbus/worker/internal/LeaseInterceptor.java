package dev.eventbus.worker.internal;

import dev.eventbus.worker.Delivery;
import dev.eventbus.worker.Interceptor;
import dev.eventbus.worker.Outcome;

/**
 * Puts a decoded message under the heartbeat from before its claim until its outcome is settled, so
 * its visibility is kept while it waits for the dedupe store or another attempt, while its handler
 * runs (see {@link HandlerInvoker}) and while its step markers are written. When its lease was lost
 * meanwhile and it was not handled, the outcome says so ({@link Outcome.LeaseLost}) and its message
 * is left alone.
 */
public final class LeaseInterceptor implements Interceptor {

    private final Heartbeat heartbeat;

    public LeaseInterceptor(Heartbeat heartbeat) {
        this.heartbeat = heartbeat;
    }

    @Override
    public Outcome intercept(Chain chain) {
        Delivery delivery = chain.delivery();
        Heartbeat.Lease lease = heartbeat.track(delivery);
        Outcome outcome;
        try {
            outcome = chain.proceed(delivery.withTag(Heartbeat.Lease.class, lease));
        } finally {
            heartbeat.finish(lease);
        }
        boolean handled = outcome instanceof Outcome.Acked || outcome instanceof Outcome.Duplicate;
        if (!lease.held() && !handled && !(outcome instanceof Outcome.LeaseLost)) {
            return new Outcome.LeaseLost("SQS refused to extend the message's visibility or another attempt took its claim"
                    + " while it was in hand");
        }
        return outcome;
    }
}
