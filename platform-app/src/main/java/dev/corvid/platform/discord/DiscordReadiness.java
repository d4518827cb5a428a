package dev.corvid.platform.discord;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.health.api.HealthRegistry;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import net.dv8tion.jda.api.JDA;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * One readiness check per configured shard, {@code discord-shard-<id>}: UP while the shard's session is connected,
 * with its gateway ping. {@code /q/health/ready} is DOWN while any configured shard is not connected.
 */
@ApplicationScoped
class DiscordReadiness {

    private final HealthRegistry registry;
    private final DiscordGateway gateway;

    DiscordReadiness(@Readiness HealthRegistry registry, DiscordGateway gateway) {
        this.registry = registry;
        this.gateway = gateway;
    }

    void register(@Observes @Priority(Interceptor.Priority.APPLICATION + 200) StartupEvent event) {
        for (int id : gateway.shardIds()) {
            registry.register("discord-shard-" + id, () -> check(id));
        }
    }

    private HealthCheckResponse check(int id) {
        JDA jda = gateway.shard(id);
        JDA.Status status = jda == null ? null : jda.getStatus();
        var response = HealthCheckResponse.named("discord-shard-" + id)
                .status(status == JDA.Status.CONNECTED)
                .withData("status", status == null ? "NOT_STARTED" : status.name());
        if (jda != null && jda.getGatewayPing() >= 0) {
            response.withData("pingMs", jda.getGatewayPing());
        }
        return response.build();
    }
}
