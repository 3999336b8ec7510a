package io.computebroker.pipeline;

import io.computebroker.capacity.Capacity;
import io.computebroker.classify.Classifier;
import io.computebroker.classify.sensitivity.SensitivityScanner;
import io.computebroker.classify.task.TaskClassifier;
import io.computebroker.config.BrokerConfig;
import io.computebroker.decide.LatencyEstimates;
import io.computebroker.decide.ModelCatalog;
import io.computebroker.decide.Router;
import io.computebroker.dispatch.Breakers;
import io.computebroker.dispatch.Dispatcher;
import io.computebroker.dispatch.RetryPolicy;
import io.computebroker.policy.PolicyStore;
import io.computebroker.provider.Providers;
import io.computebroker.settle.Settler;
import io.computebroker.tokens.TokenCounter;

/** Builds the pipeline from its parts: the one place that knows every stage's constructor. */
public final class Wiring {
    private Wiring() {}

    public static Pipeline pipeline(BrokerConfig config, Providers providers, PolicyStore policies, Settler settler) {
        return pipeline(config, providers, policies, settler, Gate.OPEN, io.computebroker.cache.CacheStage.NONE, null, null);
    }

    public static Pipeline pipeline(BrokerConfig config, Providers providers, PolicyStore policies, Settler settler, Gate gate,
                                    io.computebroker.cache.CacheStage cache, io.computebroker.cache.semantic.SemanticCache semantic,
                                    io.computebroker.eval.live.AuditLog audit) {
        return pipeline(config, new ModelCatalog(config), null, providers, policies, settler, gate, cache, semantic, audit,
                new Breakers(config, java.time.InstantSource.system()), new Capacity(config), io.computebroker.observe.Tracing.OFF);
    }

    /**
     * With a shared, live {@code catalog} (market price versions), owned hardware priced by {@code owned}
     * (null: the in-flight share of capacity), the breakers and capacity the caller also reports on
     * (metrics, admin API, the batch lane reads how busy owned capacity is), and a tracer.
     */
    public static Pipeline pipeline(BrokerConfig config, ModelCatalog catalog, io.computebroker.decide.OwnedPricing owned, Providers providers,
                                    PolicyStore policies, Settler settler, Gate gate, io.computebroker.cache.CacheStage cache,
                                    io.computebroker.cache.semantic.SemanticCache semantic, io.computebroker.eval.live.AuditLog audit,
                                    Breakers breakers, Capacity capacity, io.computebroker.observe.Tracing tracing) {
        TokenCounter tokens = TokenCounter.shared();
        LatencyEstimates latency = new LatencyEstimates();
        var feedback = new io.computebroker.eval.live.QualityFeedback();
        Router router = new Router(catalog, providers, policies, breakers, capacity, latency, feedback, owned);
        var experiments = audit == null ? null : new io.computebroker.eval.live.Experiments(policies, feedback, audit, catalog::find);
        Dispatcher dispatcher = new Dispatcher(providers, breakers, capacity, RetryPolicy.DEFAULT, d -> Thread.sleep(d), tracing);
        Classifier classifier = new Classifier(tokens, TaskClassifier.builtIn(), new SensitivityScanner());
        return new Pipeline(classifier, router, dispatcher, settler, tokens, latency, policies, gate, cache, semantic, experiments, tracing);
    }
}
