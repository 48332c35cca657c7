package dev.jobpool.future;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CancellationException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A task's exception reaches clients as Python names it, never as a Java class name. */
class RaisedExceptionTest {

    @Test
    void jdkExceptionsBecomePythonsBuiltInExceptions() {
        assertThat(RaisedException.pythonType(new IllegalArgumentException("x"))).isEqualTo("ValueError");
        assertThat(RaisedException.pythonType(new NumberFormatException("x"))).isEqualTo("ValueError");
        assertThat(RaisedException.pythonType(new IOException("x"))).isEqualTo("OSError");
        assertThat(RaisedException.pythonType(new UncheckedIOException(new IOException("x")))).isEqualTo("OSError");
        assertThat(RaisedException.pythonType(new java.net.ConnectException("x"))).isEqualTo("ConnectionRefusedError");
        assertThat(RaisedException.pythonType(new java.net.http.HttpTimeoutException("x"))).isEqualTo("TimeoutError");
        assertThat(RaisedException.pythonType(new ArithmeticException("/ by zero"))).isEqualTo("ZeroDivisionError");
        assertThat(RaisedException.pythonType(new IndexOutOfBoundsException())).isEqualTo("IndexError");
        assertThat(RaisedException.pythonType(new CancellationException())).isEqualTo("CancelledError");
        assertThat(RaisedException.pythonType(new IllegalStateException())).isEqualTo("RuntimeError");
        assertThat(RaisedException.pythonType(new StackOverflowError())).isEqualTo("RecursionError");
    }

    @Test
    void aTasksOwnExceptionKeepsItsName() {
        class QuotaExceeded extends RuntimeException {
        }
        assertThat(RaisedException.pythonType(new QuotaExceeded())).isEqualTo("QuotaExceeded");
    }

    @Test
    void whatHttpGetRaisedForABadUrlIsAValueError() {
        assertThatThrownBy(() -> URI.create("http://a b/")).satisfies(thrown -> {
            RaisedException raised = RaisedException.of(thrown, List.class);
            assertThat(raised.type()).isEqualTo("ValueError");
            assertThat(raised.traceback()).startsWith("ValueError: ");
        });
    }
}
