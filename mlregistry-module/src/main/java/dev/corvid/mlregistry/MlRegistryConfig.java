package dev.corvid.mlregistry;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the ML registry module, under {@code corvid.mlregistry}. */
@ConfigMapping(prefix = "corvid.mlregistry")
public interface MlRegistryConfig {

    /** Lookup cache. */
    Cache cache();

    /** Search paging. */
    Search search();

    /** Prediction storage. */
    Predictions predictions();

    /** Drift detection. */
    Drift drift();

    /** Metric series with model, version or A/B test tags. */
    Metrics metrics();

    /** Bounds on tagged series, so Prometheus' series count follows what is live, not what ever existed. */
    interface Metrics {
        /**
         * The most model/version series the accuracy and drift gauges export (the most recently baselined
         * versions win), and the most running A/B tests the assignment counter tags by name (later ones count
         * under {@code test="_other"}).
         */
        @WithDefault("200")
        int maxSeries();
    }

    /**
     * A create that repeats an identical create committed this recently returns the first result instead of a
     * conflict or a second version, so clients that resend after a lost response (the MLflow client does) are safe.
     * {@code 0S} turns replay off.
     */
    @WithDefault("60S")
    Duration createReplayWindow();

    interface Cache {
        /** Most model versions held in the lookup cache, summed over cached models (a model weighs 1 + versions). */
        @WithDefault("1000000")
        long maxVersions();
    }

    interface Search {
        /** Page size when the request names none. */
        @WithDefault("100")
        int defaultPageSize();

        /** Largest page a request may ask for; more is a 400. */
        @WithDefault("1000")
        int maxPageSize();
    }

    interface Predictions {
        /** Most predictions in one bulk request. */
        @WithDefault("10000")
        int maxBatch();

        /** Most predictions a recent-predictions or accuracy query may cover. */
        @WithDefault("100000")
        int maxWindow();
    }

    interface Drift {
        /** Drift when |recent mean − baseline mean| > k · baseline σ / √n. */
        @WithDefault("3.0")
        double k();

        /** How many recent confidences the drift check compares, by default. */
        @WithDefault("100")
        int window();

        /** How often every version with a baseline is checked, for the drift and accuracy gauges. */
        @WithDefault("60S")
        Duration interval();
    }
}
