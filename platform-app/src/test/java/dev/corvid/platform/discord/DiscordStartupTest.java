package dev.corvid.platform.discord;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Start-up refuses a configuration it cannot run, naming the property. */
class DiscordStartupTest {

    /** A DiscordConfig answering from a map (dotted names under corvid.discord), defaults otherwise. */
    @SuppressWarnings("unchecked")
    private static <T> T config(Class<T> type, Map<String, Object> values, String prefix) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            String name = prefix + method.getName();
            if (values.containsKey(name)) {
                return values.get(name);
            }
            Class<?> returns = method.getReturnType();
            if (returns == Optional.class) {
                return Optional.empty();
            }
            if (returns == boolean.class) {
                return false;
            }
            if (returns == int.class) {
                return 0;
            }
            if (returns == double.class) {
                return 0.0;
            }
            if (returns == Duration.class) {
                return Duration.ZERO;
            }
            if (returns == String.class) {
                return "";
            }
            return config(returns, values, name + ".");
        });
    }

    private static DiscordGateway gateway(Map<String, Object> values) {
        DiscordConfig config = config(DiscordConfig.class, values, "");
        return new DiscordGateway(config, null, null, new SimpleMeterRegistry());
    }

    @Test
    void enabledWithoutATokenFailsNamingTheProperty() {
        assertThatThrownBy(() -> gateway(Map.of("enabled", true)).start(null))
                .hasMessageContaining("corvid.discord.token");
        assertThatThrownBy(() -> gateway(Map.of("enabled", true, "token", Optional.of(" "))).start(null))
                .hasMessageContaining("corvid.discord.token");
    }

    @Test
    void shardIdsOutsideTheTotalFailNamingTheProperty() {
        assertThatThrownBy(() -> gateway(Map.of("enabled", true, "token", Optional.of("t"), "shards.total", 2,
                "shards.ids", Optional.of(List.of(0, 2)))).start(null))
                .hasMessageContaining("corvid.discord.shards.ids holds 2");
    }
}
