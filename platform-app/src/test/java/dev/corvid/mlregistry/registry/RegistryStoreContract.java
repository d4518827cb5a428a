package dev.corvid.mlregistry.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.corvid.mlregistry.MlRegistryException;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What every {@link RegistryStore} must do, as its javadoc states it: absent reads are null, writes to absent
 * things are {@code NotFound}, taken names {@code AlreadyExists}, identical creates within the replay window return
 * the first result, version numbers are never reused. Each implementation runs it through a subclass
 * ({@code PgRegistryStoreTest}).
 */
abstract class RegistryStoreContract {

    protected abstract RegistryStore store();

    private static final Instant T0 = Instant.parse("2026-04-01T00:00:00Z");

    private static <T> T await(Uni<T> uni) {
        return uni.await().atMost(Duration.ofSeconds(30));
    }

    private static String name() {
        return "store-contract-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static NewVersion version(String source) {
        return new NewVersion(source, "run-1", null, null, null, "v", "onnx", Map.of("auc", 0.9),
                Map.of("depth", 3), Map.of("stage", "dev"));
    }

    @Test
    void aModelLoadsWithWhatWasWrittenAndAbsentIsNull() {
        String name = name();
        assertThat(await(store().load(name))).isNull();
        RegisteredModel created = await(store().createModel(new NewModel(name, "first", "team-a",
                Map.of("team", "risk")), T0, T0));
        assertThat(created.name()).isEqualTo(name);
        await(store().updateModel(name, "second", T0.plusSeconds(1)));
        await(store().setModelTag(name, "tier", "gold", T0.plusSeconds(2)));
        await(store().deleteModelTag(name, "team", T0.plusSeconds(3)));
        ModelSnapshot snapshot = await(store().load(name));
        assertThat(snapshot.model().description()).isEqualTo("second");
        assertThat(snapshot.model().owner()).isEqualTo("team-a");
        assertThat(snapshot.model().tags()).containsExactly(Map.entry("tier", "gold"));
        assertThat(snapshot.model().updatedAt()).isEqualTo(T0.plusSeconds(3).toEpochMilli());
    }

    @Test
    void anIdenticalCreateWithinTheWindowReplaysAndAnyOtherIsAlreadyExists() {
        String name = name();
        NewModel model = new NewModel(name, "d", null, Map.of());
        RegisteredModel first = await(store().createModel(model, T0, T0.minusSeconds(60)));
        assertThat(await(store().createModel(model, T0.plusSeconds(5), T0.minusSeconds(55))).id())
                .isEqualTo(first.id());
        assertThatThrownBy(() -> await(store().createModel(new NewModel(name, "other", null, Map.of()),
                T0.plusSeconds(5), T0.minusSeconds(55)))).isInstanceOf(MlRegistryException.AlreadyExists.class);
        assertThatThrownBy(() -> await(store().createModel(model, T0.plusSeconds(120), T0.plusSeconds(60))))
                .as("outside the window").isInstanceOf(MlRegistryException.AlreadyExists.class);
    }

    @Test
    void writesToAnAbsentModelAreNotFound() {
        String name = name();
        assertThatThrownBy(() -> await(store().updateModel(name, "x", T0)))
                .isInstanceOf(MlRegistryException.NotFound.class);
        assertThatThrownBy(() -> await(store().createVersion(name, version("s3://x"), T0, T0)))
                .isInstanceOf(MlRegistryException.NotFound.class);
        assertThatThrownBy(() -> await(store().deleteModel(name))).isInstanceOf(MlRegistryException.NotFound.class);
    }

    @Test
    void versionsAreNumberedOnceAndAnIdenticalRegistrationReplays() {
        String name = name();
        await(store().createModel(new NewModel(name, null, null, Map.of()), T0, T0));
        assertThat(await(store().createVersion(name, version("s3://a"), T0, T0)).version()).isEqualTo(1);
        assertThat(await(store().createVersion(name, version("s3://a"), T0.plusSeconds(1), T0.minusSeconds(60)))
                .version()).as("identical, within the window").isEqualTo(1);
        assertThat(await(store().createVersion(name, version("s3://b"), T0.plusSeconds(2), T0)).version())
                .isEqualTo(2);
        await(store().deleteVersion(name, 2));
        assertThat(await(store().createVersion(name, version("s3://c"), T0.plusSeconds(3), T0)).version())
                .as("numbers are never reused").isEqualTo(3);
        ModelVersion first = await(store().load(name)).version(1);
        assertThat(first.metrics()).containsEntry("auc", 0.9);
        assertThat(first.hyperparameters()).containsEntry("depth", 3);
        assertThat(first.tags()).containsEntry("stage", "dev");
        assertThatThrownBy(() -> await(store().deleteVersion(name, 2)))
                .isInstanceOf(MlRegistryException.NotFound.class);
    }

    @Test
    void aliasesMoveAndFollowRenamesAndDeletesRemoveEverything() {
        String name = name();
        await(store().createModel(new NewModel(name, null, null, Map.of()), T0, T0));
        await(store().createVersion(name, version("s3://1"), T0, T0));
        await(store().createVersion(name, version("s3://2"), T0, T0));
        await(store().setAlias(name, "champion", 1, T0));
        await(store().setAlias(name, "champion", 2, T0.plusSeconds(1)));
        assertThat(await(store().load(name)).model().aliases()).containsExactly(Map.entry("champion", 2));
        assertThatThrownBy(() -> await(store().setAlias(name, "champion", 9, T0)))
                .isInstanceOf(MlRegistryException.NotFound.class);
        await(store().putBaseline(name, 2, 0.8, 0.1, 100, T0));
        await(store().putBaseline(name, 2, 0.7, 0.2, 50, T0.plusSeconds(1)));
        assertThat(await(store().load(name)).baselines().get(2).mean()).isEqualTo(0.7);

        String renamed = name + "-renamed";
        await(store().renameModel(name, renamed, T0.plusSeconds(2)));
        assertThat(await(store().load(name))).isNull();
        assertThat(await(store().load(renamed)).model().aliases()).containsEntry("champion", 2);
        await(store().deleteAlias(renamed, "champion", T0.plusSeconds(3)));
        assertThat(await(store().load(renamed)).model().aliases()).isEmpty();
        await(store().deleteModel(renamed));
        assertThat(await(store().load(renamed))).isNull();
    }
}
