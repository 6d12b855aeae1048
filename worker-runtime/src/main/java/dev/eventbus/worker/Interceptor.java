package dev.eventbus.worker;

/**
 * One step around the handling of a message. The worker's own features (logging, metrics, decoding,
 * dedupe, timeouts) are interceptors, assembled in one list in {@link Worker}; applications may add
 * their own (tracing, say) with {@link Worker.Builder#interceptor(Interceptor)}.
 *
 * <p>An interceptor either returns an {@link Outcome} itself (short-circuiting the rest of the chain)
 * or calls {@link Chain#proceed(Delivery)} once and may react to the outcome it returns. (The worker's
 * own dedupe step, which comes after the application's interceptors, proceeds once more when the
 * handler failed only because the dedupe store did, so the handler alone runs again.) It runs
 * on the message's virtual thread and should not throw; an exception that escapes is classified like a
 * handler's.
 */
@FunctionalInterface
public interface Interceptor {

    Outcome intercept(Chain chain);

    /** The rest of the chain, seen from one interceptor. */
    interface Chain {

        Delivery delivery();

        /** Passes the (possibly enriched) delivery to the next interceptor and returns its outcome. */
        Outcome proceed(Delivery delivery);
    }
}
