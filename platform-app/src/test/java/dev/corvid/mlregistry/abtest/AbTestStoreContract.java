package dev.corvid.mlregistry.abtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.corvid.mlregistry.MlRegistryException;
import dev.corvid.mlregistry.RegistryApi;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What every {@link AbTestStore} must do, as its javadoc states it; each implementation runs it through a subclass
 * ({@code PgAbTestStoreTest}). The models and versions it needs are made through the registry's API.
 */
abstract class AbTestStoreContract {

    protected abstract AbTestStore store();

    private static <T> T await(Uni<T> uni) {
        return uni.await().atMost(Duration.ofSeconds(30));
    }

    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    @Test
    void aCreatedTestRunsAndReadsBackAsCreated() {
        String model = RegistryApi.model("ab-contract", 2);
        String name = "t-" + UUID.randomUUID();
        AbTest created = await(store().create(name, model, 1, 2, 0.25, NOW));
        assertThat(created.status()).isEqualTo(AbTest.Status.RUNNING);
        assertThat(created.winner()).isNull();
        assertThat(created.trafficToB()).isEqualTo(0.25);
        assertThat(created.createdAt()).isEqualTo(NOW.truncatedTo(ChronoUnit.MILLIS));
        assertThat(await(store().get(name))).isEqualTo(created);
        assertThat(await(store().get("no-such-" + name))).isNull();
    }

    @Test
    void aTakenNameIsAlreadyExistsAndAMissingModelOrVersionIsNotFound() {
        String model = RegistryApi.model("ab-contract-taken", 2);
        String name = "t-" + UUID.randomUUID();
        await(store().create(name, model, 1, 2, 0.5, NOW));
        assertThatThrownBy(() -> await(store().create(name, model, 1, 2, 0.5, NOW)))
                .isInstanceOf(MlRegistryException.AlreadyExists.class);
        assertThatThrownBy(() -> await(store().create("t-" + UUID.randomUUID(), "no-such-model-" + name, 1, 2, 0.5,
                NOW))).isInstanceOf(MlRegistryException.NotFound.class);
        assertThatThrownBy(() -> await(store().create("t-" + UUID.randomUUID(), model, 1, 9, 0.5, NOW)))
                .isInstanceOf(MlRegistryException.NotFound.class);
    }

    @Test
    void stoppingRecordsTheWinnerOnceAndOnlyForARunningTest() {
        String model = RegistryApi.model("ab-contract-stop", 2);
        String name = "t-" + UUID.randomUUID();
        await(store().create(name, model, 1, 2, 0.5, NOW));
        Instant later = NOW.plusSeconds(3600);
        AbTest stopped = await(store().stop(name, 2, later));
        assertThat(stopped.status()).isEqualTo(AbTest.Status.STOPPED);
        assertThat(stopped.winner()).isEqualTo(2);
        assertThat(stopped.stoppedAt()).isEqualTo(later.truncatedTo(ChronoUnit.MILLIS));
        assertThat(await(store().stop(name, 1, later.plusSeconds(1)))).as("already stopped").isNull();
        assertThat(await(store().get(name)).winner()).isEqualTo(2);
        assertThat(await(store().stop("no-such-" + name, 1, later))).isNull();
    }
}
