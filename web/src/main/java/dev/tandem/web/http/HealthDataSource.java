package dev.tandem.web.http;

import dev.tandem.health.ApplicationDatabase;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import javax.sql.DataSource;

/**
 * Hands the application's datasource (the platform default, which each server points at the
 * application role's pool) to the readiness check in the EAR library, which cannot have it
 * injected on every server; a web module's listener can.
 */
@WebListener
public class HealthDataSource implements ServletContextListener {

    @Resource(lookup = "java:comp/DefaultDataSource")
    DataSource dataSource;

    @Inject
    ApplicationDatabase database;

    @Override
    public void contextInitialized(ServletContextEvent started) {
        database.use(dataSource);
    }
}
