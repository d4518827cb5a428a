package dev.corvid.platform.instance;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * {@link InstanceStartStore} on Hibernate Reactive. This is the database-path pattern modules follow: a timeout on
 * every call, and a circuit breaker that fails fast while the database is down and lets one probe through after
 * its delay, so callers get a quick 503 instead of piling up on a dead server.
 */
@ApplicationScoped
class HibernateInstanceStartStore implements InstanceStartStore {

    private final Mutiny.SessionFactory sessions;

    HibernateInstanceStartStore(Mutiny.SessionFactory sessions) {
        this.sessions = sessions;
    }

    @Override
    @Timeout(5000)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.5, delay = 5000, successThreshold = 1)
    public Uni<InstanceStartView> record(String instance, String version, String database, Instant at) {
        InstanceStart start = new InstanceStart();
        start.instance = instance;
        start.version = version;
        start.database = database;
        start.startedAt = at.truncatedTo(ChronoUnit.MICROS);
        return sessions.withTransaction(session -> session.persist(start)).map(ignored -> start.view());
    }

    @Override
    @Timeout(2000)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.5, delay = 5000, successThreshold = 1)
    public Uni<List<InstanceStartView>> recent(int limit) {
        return sessions.withSession(session -> session
                .createSelectionQuery("from InstanceStart order by startedAt desc, id desc", InstanceStart.class)
                .setMaxResults(limit)
                .getResultList())
                .map(starts -> starts.stream().map(InstanceStart::view).toList());
    }
}
