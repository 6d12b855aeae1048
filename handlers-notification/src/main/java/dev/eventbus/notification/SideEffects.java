package dev.eventbus.notification;

import dev.eventbus.worker.Event;
import dev.eventbus.worker.NonRetryableException;
import dev.eventbus.worker.RetryableException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.MDC;

/**
 * Runs the side effects of one event, each guarded by its own step ({@link Event#once}), at the same
 * time on virtual threads, and waits for all of them.
 *
 * <ul>
 *   <li>A step that completed on an earlier attempt is skipped; so a retry repeats only what failed.
 *   <li>One step's failure never stops the others: the email is sent while a webhook endpoint is down,
 *       and a webhook is delivered while the mail server is held at its outage gate.
 *   <li>When every step succeeded the handler returns (the message is acked). Otherwise it throws once
 *       all have finished: {@link NonRetryableException} if every failure was one, else
 *       {@link RetryableException} naming the failed steps, and the worker retries with backoff. The
 *       message never holds an address or a body: the steps' own exceptions are built that way.
 *   <li>Interrupting the handler (shutdown, lease lost) interrupts every step, waits for them, and
 *       rethrows the interruption.
 * </ul>
 */
final class SideEffects {

    /** One side effect: the name of its step and what it does. */
    record Effect(String step, Event.Step action) {}

    private SideEffects() {}

    static void run(Event<?> event, List<Effect> effects) throws Exception {
        if (effects.size() == 1) {
            Effect only = effects.getFirst();
            event.once(only.step(), only.action());
            return;
        }
        Map<String, String> mdc = MDC.getCopyOfContextMap();
        Throwable[] failures = new Throwable[effects.size()];
        List<Thread> threads = new ArrayList<>(effects.size());
        for (int i = 0; i < effects.size(); i++) {
            int index = i;
            Effect effect = effects.get(i);
            threads.add(Thread.ofVirtual().name("notification-" + effect.step()).start(() -> {
                if (mdc != null) {
                    MDC.setContextMap(mdc);
                }
                try {
                    event.once(effect.step(), effect.action());
                } catch (Throwable t) {
                    failures[index] = t;
                } finally {
                    MDC.clear();
                }
            }));
        }
        try {
            for (Thread t : threads) {
                t.join();
            }
        } catch (InterruptedException e) {
            threads.forEach(Thread::interrupt);
            for (Thread t : threads) {
                t.join(5_000);
            }
            throw e;
        }
        List<String> failed = new ArrayList<>();
        boolean allPermanent = true;
        for (int i = 0; i < failures.length; i++) {
            Throwable f = failures[i];
            if (f == null) {
                continue;
            }
            if (f instanceof InterruptedException interrupted) {
                throw interrupted;
            }
            if (f instanceof Error error) {
                throw error;
            }
            allPermanent &= f instanceof NonRetryableException;
            failed.add(effects.get(i).step() + " (" + f.getMessage() + ")");
        }
        if (failed.isEmpty()) {
            return;
        }
        String message = failed.size() + " of " + effects.size() + " side effects failed: " + String.join("; ", failed);
        throw allPermanent ? new NonRetryableException(message) : new RetryableException(message);
    }
}
