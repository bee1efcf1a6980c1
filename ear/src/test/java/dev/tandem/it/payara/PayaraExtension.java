package dev.tandem.it.payara;

import org.jboss.arquillian.container.spi.client.container.DeployableContainer;
import org.jboss.arquillian.core.spi.LoadableExtension;

/** Registers {@link PayaraDomainContainer} only for the Payara run ({@code -Dtandem.it.payara=true}). */
public class PayaraExtension implements LoadableExtension {

    @Override
    public void register(ExtensionBuilder builder) {
        if (Boolean.getBoolean("tandem.it.payara")) {
            builder.service(DeployableContainer.class, PayaraDomainContainer.class);
        }
    }
}
