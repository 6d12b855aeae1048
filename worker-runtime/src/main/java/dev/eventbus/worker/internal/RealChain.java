package dev.eventbus.worker.internal;

import dev.eventbus.worker.Delivery;
import dev.eventbus.worker.Interceptor;
import dev.eventbus.worker.Outcome;
import java.util.List;

/** The chain as one interceptor sees it: the interceptors after it, ending in the handler invoker. */
public final class RealChain implements Interceptor.Chain {

    private final List<Interceptor> interceptors;
    private final int index;
    private final Delivery delivery;

    private RealChain(List<Interceptor> interceptors, int index, Delivery delivery) {
        this.interceptors = interceptors;
        this.index = index;
        this.delivery = delivery;
    }

    /** Runs {@code delivery} through {@code interceptors}, the last of which must not proceed. */
    public static Outcome run(List<Interceptor> interceptors, Delivery delivery) {
        return new RealChain(interceptors, 0, delivery).proceed(delivery);
    }

    @Override
    public Delivery delivery() {
        return delivery;
    }

    @Override
    public Outcome proceed(Delivery next) {
        if (index >= interceptors.size()) {
            throw new IllegalStateException("the last interceptor must return an outcome, not proceed");
        }
        Interceptor interceptor = interceptors.get(index);
        Outcome outcome = interceptor.intercept(new RealChain(interceptors, index + 1, next));
        if (outcome == null) {
            throw new IllegalStateException(interceptor.getClass().getName() + " returned no outcome");
        }
        return outcome;
    }
}
