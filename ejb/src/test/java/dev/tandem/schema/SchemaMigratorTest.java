package dev.tandem.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SchemaMigratorTest {

    @Test
    void acceptsPlainRoleNames() {
        assertThat(SchemaMigrator.checkedRole("tandem_app")).isEqualTo("tandem_app");
    }

    @Test
    void refusesRoleNamesThatWouldInjectSqlIntoTheGrants() {
        assertThatThrownBy(() -> SchemaMigrator.checkedRole("tandem_app; DROP TABLE audit_event"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SchemaMigrator.checkedRole("\"Quoted\"")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SchemaMigrator.checkedRole("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SchemaMigrator.checkedRole(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
