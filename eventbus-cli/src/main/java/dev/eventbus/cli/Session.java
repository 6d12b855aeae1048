package dev.eventbus.cli;

import dev.eventbus.cli.audit.AuditLog;
import dev.eventbus.cli.failure.WorkerRecords;
import dev.eventbus.cli.output.Output;
import dev.eventbus.cli.output.Progress;
import dev.eventbus.cli.queue.QueueResolver;
import dev.eventbus.envelope.EnvelopeCodec;
import dev.eventbus.schema.EventCatalog;
import dev.eventbus.worker.dedupe.RedisDedupeStore;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Clock;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

/**
 * The clients one command runs with, opened on first use and closed with the session: SQS (default
 * credential chain, the region and endpoint chosen), the worker's records in Redis when a Redis URL is
 * known, the audit log, the envelope codec and the event catalog. Not thread-safe to open; the opened
 * clients are.
 */
public final class Session implements AutoCloseable {

    private final CliEnvironment env;
    private final String region;
    private final URI endpoint;
    private final URI redis;
    private final String actor;
    private final Output output;
    private final boolean progressBars;
    private final EnvelopeCodec codec = new EnvelopeCodec();
    private SqsClient sqs;
    private WorkerRecords records;
    private AuditLog audit;
    private EventCatalog catalog;

    Session(CliEnvironment env, String region, URI endpoint, URI redis, String actor, Output.Format format, boolean progressBars) {
        this.env = env;
        this.region = region;
        this.endpoint = endpoint;
        this.redis = redis;
        this.actor = actor;
        this.output = new Output(format, env.out());
        this.progressBars = progressBars;
    }

    public synchronized SqsClient sqs() {
        if (sqs == null) {
            SqsClientBuilder builder = SqsClient.builder()
                    .credentialsProvider(DefaultCredentialsProvider.builder().build())
                    .httpClientBuilder(ApacheHttpClient.builder().maxConnections(128));
            if (region != null) {
                builder.region(Region.of(region));
            }
            if (endpoint != null) {
                builder.endpointOverride(endpoint);
            }
            try {
                sqs = builder.build();
            } catch (SdkClientException e) {
                throw CliException.usage("cannot set up the SQS client: " + e.getMessage() + " (set AWS_REGION or --region)");
            }
        }
        return sqs;
    }

    public QueueResolver queues() {
        return new QueueResolver(sqs());
    }

    /** The worker's records; without Redis it answers only what the dead letters themselves carry. */
    public synchronized WorkerRecords records() {
        if (records == null) {
            records = new WorkerRecords(redis == null ? null : RedisDedupeStore.connect(redis), catalog());
        }
        return records;
    }

    public synchronized AuditLog audit() {
        if (audit == null) {
            audit = new AuditLog(redis, env.err(), env.clock());
        }
        return audit;
    }

    public synchronized EventCatalog catalog() {
        if (catalog == null) {
            catalog = EventCatalog.load();
        }
        return catalog;
    }

    public EnvelopeCodec codec() {
        return codec;
    }

    public Output output() {
        return output;
    }

    /** A progress bar on stderr when on a terminal, else nothing. */
    public Progress progress(String label, long total) {
        return progressBars ? Progress.bar(env.err(), label, total) : Progress.none();
    }

    public boolean hasRedis() {
        return redis != null;
    }

    public URI redisUri() {
        return redis;
    }

    public String actor() {
        return actor;
    }

    public Clock clock() {
        return env.clock();
    }

    public PrintWriter err() {
        return env.err();
    }

    public CliEnvironment environment() {
        return env;
    }

    @Override
    public synchronized void close() {
        if (records != null) {
            records.close();
        }
        if (audit != null) {
            audit.close();
        }
        if (sqs != null) {
            sqs.close();
        }
    }
}
