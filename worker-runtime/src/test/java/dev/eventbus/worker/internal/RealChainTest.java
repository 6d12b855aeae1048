package dev.eventbus.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventbus.worker.Interceptor;
import dev.eventbus.worker.Outcome;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RealChainTest {

    private final List<String> trace = new ArrayList<>();

    private Interceptor around(String name) {
        return chain -> {
            trace.add(name + ">");
            Outcome outcome = chain.proceed(chain.delivery());
            trace.add("<" + name + " " + outcome.name());
            return outcome;
        };
    }

    @Test
    void interceptorsRunOutermostFirstAndSeeTheOutcomeOnTheWayBack() {
        Outcome outcome = RealChain.run(List.of(around("a"), around("b"), chain -> {
            trace.add("handler");
            return Outcome.acked();
        }), Deliveries.of("{}", 1));

        assertThat(outcome).isEqualTo(Outcome.acked());
        assertThat(trace).containsExactly("a>", "b>", "handler", "<b acked", "<a acked");
    }

    @Test
    void anInterceptorCanShortCircuitTheRestOfTheChain() {
        Outcome outcome = RealChain.run(List.of(around("a"), chain -> Outcome.duplicate(), chain -> {
            trace.add("handler");
            return Outcome.acked();
        }), Deliveries.of("{}", 1));

        assertThat(outcome).isEqualTo(Outcome.duplicate());
        assertThat(trace).containsExactly("a>", "<a duplicate");
    }

    @Test
    void theLastInterceptorMustNotProceedAndNoneMayReturnNothing() {
        assertThatThrownBy(() -> RealChain.run(List.of(chain -> chain.proceed(chain.delivery())), Deliveries.of("{}", 1)))
                .hasMessageContaining("must return an outcome");
        assertThatThrownBy(() -> RealChain.run(List.of(chain -> null), Deliveries.of("{}", 1)))
                .hasMessageContaining("returned no outcome");
    }
}
