package dev.tandem.web.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class FailuresTest {

    @Test
    void aConnectionFailureDeepInTheChainIsTheDatabaseBeingUnavailable() {
        Throwable wrapped = new IllegalStateException("tx", new RuntimeException("jpa", new SQLException("refused", "08001")));
        assertThat(Failures.databaseUnavailable(wrapped)).isTrue();
        assertThat(Failures.databaseUnavailable(new RuntimeException(new SQLException("shutting down", "57P01")))).isTrue();
        assertThat(Failures.databaseUnavailable(new RuntimeException(new SQLTransientConnectionException("pool")))).isTrue();
    }

    @Test
    void otherFailuresAreNot() {
        assertThat(Failures.databaseUnavailable(new RuntimeException(new SQLException("unique", "23505")))).isFalse();
        assertThat(Failures.databaseUnavailable(new NullPointerException())).isFalse();
    }

    @Test
    void theKindNamesClassesAndStateButNeverMessages() {
        String kind = Failures.kindOf(new IllegalStateException("secret-token-123", new SQLException("password=hunter2", "08001")));
        assertThat(kind).startsWith("IllegalStateException > SQLException(08001) at ").doesNotContain("secret", "hunter2");
    }

    @Test
    void aCyclicChainEnds() {
        RuntimeException a = new RuntimeException();
        RuntimeException b = new RuntimeException(a);
        a.initCause(b);
        assertThat(Failures.databaseUnavailable(a)).isFalse();
        assertThat(Failures.kindOf(a)).isNotBlank();
    }
}
