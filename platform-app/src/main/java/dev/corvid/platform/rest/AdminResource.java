package dev.corvid.platform.rest;

import dev.corvid.platform.api.flags.FeatureFlags;
import dev.corvid.platform.api.flags.FlagState;
import dev.corvid.platform.instance.InstanceStartQueries;
import dev.corvid.platform.instance.InstanceStartView;
import dev.corvid.platform.security.Role;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** What admins may see of the platform itself: feature flags and the record of starts. */
@Path("/api/v1/admin")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.ADMIN_NAME)
@Tag(name = "platform")
public class AdminResource {

    private final FeatureFlags flags;
    private final InstanceStartQueries starts;

    AdminResource(FeatureFlags flags, InstanceStartQueries starts) {
        this.flags = flags;
        this.starts = starts;
    }

    /**
     * A flag's state, and whether it is on for one key.
     *
     * @param enabledForKey null unless a key was given
     */
    public record FlagView(String name, String description, boolean enabled, int rolloutPercentage,
            List<String> forceKeys, String key, Boolean enabledForKey) {

        static FlagView of(FlagState state, String key, Boolean enabledForKey) {
            return new FlagView(state.name(), state.description(), state.enabled(), state.rolloutPercentage(),
                    state.forceKeys().stream().sorted().toList(), key, enabledForKey);
        }
    }

    @GET
    @Path("/features")
    @Operation(summary = "Every feature flag and its configured state")
    public List<FlagView> features() {
        return flags.states().stream().map(state -> FlagView.of(state, null, null)).toList();
    }

    @GET
    @Path("/features/{flag}")
    @Operation(summary = "One feature flag; with ?key= also whether it is on for that key")
    public FlagView feature(@PathParam("flag") String flag, @QueryParam("key") String key) {
        FlagState state = flags.state(flag);
        return FlagView.of(state, key, key == null ? null : flags.isEnabled(flag, key));
    }

    @GET
    @Path("/starts")
    @Operation(summary = "The most recent starts of every instance, newest first")
    public Uni<List<InstanceStartView>> starts(
            @QueryParam("limit") @DefaultValue("20") @Min(1) @Max(500) int limit) {
        return starts.recent(limit);
    }
}
