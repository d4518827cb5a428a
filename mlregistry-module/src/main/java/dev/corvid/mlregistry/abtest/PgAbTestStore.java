package dev.corvid.mlregistry.abtest;

import dev.corvid.mlregistry.MlRegistryException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Timeout;

/** {@link AbTestStore} on the reactive PostgreSQL client. */
@ApplicationScoped
@Timeout(5000)
@CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5000, successThreshold = 2,
        skipOn = MlRegistryException.class)
class PgAbTestStore implements AbTestStore {

    private static final String COLUMNS = "t.name, m.name AS model, t.model_id, t.version_a, t.version_b,"
            + " t.traffic_to_b, t.status, t.winner, t.created_at, t.stopped_at";

    private final Pool pool;

    PgAbTestStore(Pool pool) {
        this.pool = pool;
    }

    private static OffsetDateTime time(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS).atOffset(ZoneOffset.UTC);
    }

    @Override
    public Uni<AbTest> create(String name, String model, int versionA, int versionB, double trafficToB,
            Instant now) {
        return pool.preparedQuery("INSERT INTO mlregistry.ab_test (name, model_id, version_a, version_b,"
                + " traffic_to_b, status, created_at) SELECT $1, m.id, $3, $4, $5, 'RUNNING', $6"
                + " FROM mlregistry.registered_model m WHERE m.name = $2"
                + " AND EXISTS (SELECT 1 FROM mlregistry.model_version v WHERE v.model_id = m.id AND v.version = $3)"
                + " AND EXISTS (SELECT 1 FROM mlregistry.model_version v WHERE v.model_id = m.id AND v.version = $4)"
                + " RETURNING name")
                .execute(Tuple.of(name, model, versionA, versionB, trafficToB, time(now)))
                .onFailure(PgException.class).transform(e -> "23505".equals(((PgException) e).getSqlState())
                        ? new MlRegistryException.AlreadyExists("A/B test '" + name + "' already exists.") : e)
                .flatMap(rows -> {
                    if (rows.rowCount() == 0) {
                        throw new MlRegistryException.NotFound("Model '" + model + "' with versions " + versionA
                                + " and " + versionB + " not found.");
                    }
                    return get(name);
                });
    }

    @Override
    public Uni<AbTest> get(String name) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM mlregistry.ab_test t"
                + " JOIN mlregistry.registered_model m ON m.id = t.model_id WHERE t.name = $1")
                .execute(Tuple.of(name)).map(PgAbTestStore::first);
    }

    @Override
    public Uni<AbTest> stop(String name, int winner, Instant now) {
        return pool.preparedQuery("UPDATE mlregistry.ab_test SET status = 'STOPPED', winner = $2, stopped_at = $3"
                + " WHERE name = $1 AND status = 'RUNNING' RETURNING name")
                .execute(Tuple.of(name, winner, time(now)))
                .flatMap(rows -> rows.rowCount() == 0 ? Uni.createFrom().nullItem() : get(name));
    }

    private static AbTest first(RowSet<Row> rows) {
        if (rows.size() == 0) {
            return null;
        }
        Row row = rows.iterator().next();
        OffsetDateTime stopped = row.getOffsetDateTime("stopped_at");
        return new AbTest(row.getString("name"), row.getString("model"), row.getLong("model_id"),
                row.getInteger("version_a"), row.getInteger("version_b"), row.getDouble("traffic_to_b"),
                AbTest.Status.valueOf(row.getString("status")), row.getInteger("winner"),
                row.getOffsetDateTime("created_at").toInstant(), stopped == null ? null : stopped.toInstant());
    }
}
