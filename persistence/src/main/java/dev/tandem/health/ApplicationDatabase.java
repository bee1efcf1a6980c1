package dev.tandem.health;

import java.util.Optional;
import javax.sql.DataSource;

/**
 * The application's own datasource (the platform default), handed over by the web module when it
 * starts ({@code dev.tandem.web.http.HealthDataSource}). This jar is an EAR library: not every
 * server injects container resources into its beans (Payara does not), while every server injects
 * them into a web module's listener. Produced by {@link HealthBeans}.
 */
public class ApplicationDatabase {

    private volatile DataSource dataSource;

    public void use(DataSource started) {
        this.dataSource = started;
    }

    /** Empty until the web module has started. */
    public Optional<DataSource> dataSource() {
        return Optional.ofNullable(dataSource);
    }
}
