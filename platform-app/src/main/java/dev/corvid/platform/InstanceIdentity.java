package dev.corvid.platform;

import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Which application and instance this process is: the {@code instance} metric tag and the start log. */
@Singleton
public class InstanceIdentity {

    private final String application;
    private final String version;
    private final String instance;

    InstanceIdentity(@ConfigProperty(name = "quarkus.application.name") String application,
            @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev") String version,
            @ConfigProperty(name = "corvid.instance") Optional<String> instance) {
        this.application = application;
        this.version = version;
        this.instance = instance.filter(s -> !s.isBlank()).orElseGet(InstanceIdentity::hostName);
    }

    public String application() {
        return application;
    }

    public String version() {
        return version;
    }

    /** {@code corvid.instance}, else the host name (the pod name on Kubernetes). */
    public String instance() {
        return instance;
    }

    private static String hostName() {
        String fromEnv = System.getenv("HOSTNAME");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
