package dev.corvid.platform.discord;

import dev.corvid.platform.api.error.InvalidInputException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Operators read and write a guild's bot settings (what {@code /settings} and {@code /listen} edit). Admin key. */
@Path("/api/v1/discord/guilds/{guild}/settings")
@Tag(name = "Discord")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
public class DiscordSettingsResource {

    private static final Pattern SNOWFLAKE = Pattern.compile("[0-9]{1,20}");

    private final GuildDirectory guilds;

    DiscordSettingsResource(GuildDirectory guilds) {
        this.guilds = guilds;
    }

    @GET
    @Operation(summary = "A guild's settings (created with the configured defaults when new)")
    public Uni<GuildSettings> get(@PathParam("guild") String guild) {
        return guilds.settings(check(guild));
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace a guild's settings; leftAt is kept as the bot recorded it")
    public Uni<GuildSettings> put(@PathParam("guild") String guild, @NotNull GuildSettings settings) {
        return guilds.put(check(guild), settings);
    }

    private static String check(String guild) {
        if (guild == null || !SNOWFLAKE.matcher(guild).matches()) {
            throw new InvalidInputException("A guild id is a Discord id of 1 to 20 digits; '" + guild + "' is not.");
        }
        return guild;
    }
}
