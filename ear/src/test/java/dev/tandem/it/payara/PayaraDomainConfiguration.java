package dev.tandem.it.payara;

import org.jboss.arquillian.container.spi.ConfigurationException;
import org.jboss.arquillian.container.spi.client.container.ContainerConfiguration;

/** The provisioned domain to run ({@code arquillian.xml}, container "payara"). */
public class PayaraDomainConfiguration implements ContainerConfiguration {

    private String payaraHome;
    private String domain = "tandem";
    private int adminPort;
    private int startupTimeoutInSeconds = 600;

    @Override
    public void validate() throws ConfigurationException {
        if (payaraHome == null || payaraHome.isBlank() || adminPort <= 0) {
            throw new ConfigurationException("payaraHome and adminPort must be set (the build's payara profile sets them)");
        }
    }

    public String getPayaraHome() {
        return payaraHome;
    }

    public void setPayaraHome(String payaraHome) {
        this.payaraHome = payaraHome;
    }

    public String getDomain() {
        return domain;
    }

    public void setDomain(String domain) {
        this.domain = domain;
    }

    public int getAdminPort() {
        return adminPort;
    }

    public void setAdminPort(int adminPort) {
        this.adminPort = adminPort;
    }

    public int getStartupTimeoutInSeconds() {
        return startupTimeoutInSeconds;
    }

    public void setStartupTimeoutInSeconds(int startupTimeoutInSeconds) {
        this.startupTimeoutInSeconds = startupTimeoutInSeconds;
    }
}
