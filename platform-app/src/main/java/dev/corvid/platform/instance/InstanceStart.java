package dev.corvid.platform.instance;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One start of one instance of the application, kept so operators can see restarts and versions over time. */
@Entity
@Table(schema = "platform", name = "instance_start")
class InstanceStart {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;

    @Column(nullable = false)
    String instance;

    @Column(nullable = false)
    String version;

    @Column(nullable = false)
    String database;

    @Column(name = "started_at", nullable = false)
    Instant startedAt;

    InstanceStartView view() {
        return new InstanceStartView(id, instance, version, database, startedAt);
    }
}
