package dev.tandem.it.payara;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.spi.client.container.DeployableContainer;
import org.jboss.arquillian.container.spi.client.container.DeploymentException;
import org.jboss.arquillian.container.spi.client.container.LifecycleException;
import org.jboss.arquillian.container.spi.client.protocol.ProtocolDescription;
import org.jboss.arquillian.container.spi.client.protocol.metadata.ProtocolMetaData;
import org.jboss.shrinkwrap.api.Archive;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;

/**
 * Starts the provisioned Payara domain once for the run, deploys each test's archive with
 * {@code asadmin deploy} (the tests then talk to it over HTTP, WebSocket and Chromium only) and
 * stops the domain at the end. The domain inherits this JVM's environment: the build sets the
 * same {@code TANDEM_*} variables as for WildFly.
 */
public class PayaraDomainContainer implements DeployableContainer<PayaraDomainConfiguration> {

    private PayaraDomainConfiguration config;

    @Override
    public Class<PayaraDomainConfiguration> getConfigurationClass() {
        return PayaraDomainConfiguration.class;
    }

    @Override
    public void setup(PayaraDomainConfiguration configuration) {
        this.config = configuration;
    }

    @Override
    public void start() throws LifecycleException {
        try {
            asadmin(config.getStartupTimeoutInSeconds(), "start-domain", config.getDomain());
        } catch (IOException e) {
            throw new LifecycleException("could not start the Payara domain " + config.getDomain(), e);
        }
    }

    @Override
    public void stop() throws LifecycleException {
        try {
            asadmin(120, "stop-domain", config.getDomain());
        } catch (IOException e) {
            throw new LifecycleException("could not stop the Payara domain " + config.getDomain(), e);
        }
    }

    @Override
    public ProtocolDescription getDefaultProtocol() {
        return new ProtocolDescription("Local");
    }

    @Override
    public ProtocolMetaData deploy(Archive<?> archive) throws DeploymentException {
        try {
            Path dir = Files.createTempDirectory("tandem-payara-deploy");
            File file = dir.resolve(archive.getName()).toFile();
            archive.as(ZipExporter.class).exportTo(file, true);
            asadmin(600, "--port", String.valueOf(config.getAdminPort()), "deploy", "--force=true", "--name", appName(archive),
                    file.getAbsolutePath());
            Files.deleteIfExists(file.toPath());
            Files.deleteIfExists(dir);
            return new ProtocolMetaData();
        } catch (IOException e) {
            throw new DeploymentException("could not deploy " + archive.getName() + " to Payara: " + e.getMessage(), e);
        }
    }

    @Override
    public void undeploy(Archive<?> archive) throws DeploymentException {
        try {
            asadmin(120, "--port", String.valueOf(config.getAdminPort()), "undeploy", appName(archive));
        } catch (IOException e) {
            throw new DeploymentException("could not undeploy " + archive.getName() + " from Payara: " + e.getMessage(), e);
        }
    }

    private static String appName(Archive<?> archive) {
        String name = archive.getName();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** Runs asadmin, failing with its output when it does not succeed in time. */
    private void asadmin(int timeoutSeconds, String... arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(config.getPayaraHome(), "bin", "asadmin").toString());
        command.addAll(List.of(arguments));
        Path output = Files.createTempFile("tandem-asadmin", ".log");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("asadmin " + String.join(" ", arguments) + " did not finish within " + timeoutSeconds + " s");
            }
            if (process.exitValue() != 0) {
                throw new IOException("asadmin " + String.join(" ", arguments) + " failed: "
                        + Files.readString(output, StandardCharsets.UTF_8));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted waiting for asadmin", e);
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
