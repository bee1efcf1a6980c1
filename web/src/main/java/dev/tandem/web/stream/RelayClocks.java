package dev.tandem.web.stream;

import dev.tandem.relay.KeepAlive;
import dev.tandem.relay.RelayExecutors;
import dev.tandem.relay.StreamActivity;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

/**
 * Starts the relay's two periodic tasks (the idle-clock writer and the keep-alive pings) when the
 * web module starts, with the web module's own managed scheduler, and hands the relay's endpoints
 * the web module's executor and scheduler ({@link RelayExecutors}). The relay classes live in an EAR
 * library, where a container-managed resource cannot be injected on every server and where an
 * application-start observer may run outside the web module's naming context (Payara); a listener
 * of the web module runs inside it on every server, and so do the tasks it schedules.
 */
@WebListener
public class RelayClocks implements ServletContextListener {

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Resource
    ManagedExecutorService executor;

    @Inject
    RelayExecutors executors;

    @Inject
    StreamActivity activity;

    @Inject
    KeepAlive keepAlive;

    @Override
    public void contextInitialized(ServletContextEvent started) {
        executors.start(executor, scheduler);
        activity.start(scheduler);
        keepAlive.start(scheduler);
    }
}
