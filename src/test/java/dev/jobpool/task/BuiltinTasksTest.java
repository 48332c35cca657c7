package dev.jobpool.task;

import dev.jobpool.task.builtin.DivideTask;
import dev.jobpool.task.builtin.HttpGetTask;
import dev.jobpool.task.builtin.SleepTask;
import dev.jobpool.task.builtin.SumOfSquaresTask;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BuiltinTasksTest {

    static final class RecordingContext implements TaskContext {
        final List<Double> progress = new ArrayList<>();

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public void reportProgress(double fraction, String message) {
            progress.add(fraction);
        }
    }

    /** Values computed with CPython: sum(i * i for i in range(n)). */
    @ParameterizedTest
    @CsvSource({"0,0", "1,0", "2,1", "10,285", "10000000,333333283333335000000",
            "20000000,2666666466666670000000", "30000000,8999999550000005000000"})
    void sumOfSquaresEqualsPythons(long n, String python) {
        Object result = new SumOfSquaresTask().run(new SumOfSquaresTask.Args(n), new RecordingContext());

        assertThat(result).isEqualTo(new BigInteger(python));
    }

    @Test
    void sumOfSquaresStaysExactPastOneHundredAndTwentyEightBitsOfIntermediateCarries() {
        // n = 3e9 is the largest accepted; check a value past 2^64 of sum against the closed form
        long n = 5_000_000_000L / 50; // 1e8: sum ≈ 3.3e23 > 2^64
        BigInteger big = BigInteger.valueOf(n);
        BigInteger closedForm = big.subtract(BigInteger.ONE).multiply(big).multiply(big.shiftLeft(1).subtract(BigInteger.ONE))
                .divide(BigInteger.valueOf(6));

        assertThat(new SumOfSquaresTask().run(new SumOfSquaresTask.Args(n), new RecordingContext())).isEqualTo(closedForm);
    }

    @Test
    void divideRaisesPythonsValueErrorForZero() {
        assertThat(new DivideTask().run(new DivideTask.Args(5), new RecordingContext())).isEqualTo(20.0);
        assertThatThrownBy(() -> new DivideTask().run(new DivideTask.Args(0), new RecordingContext()))
                .isInstanceOfSatisfying(TaskFailure.class, f -> assertThat(f.type()).isEqualTo("ValueError"))
                .hasMessage("Can't process zero!");
    }

    @Test
    void sleepReturnsItsResultAndReportsProgress() throws InterruptedException {
        RecordingContext context = new RecordingContext();

        assertThat(new SleepTask().run(new SleepTask.Args(0.6, "r"), context)).isEqualTo("r");
        assertThat(context.progress).isNotEmpty().isSorted();
    }

    @Test
    void sleepIsInterruptible() {
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> new SleepTask().run(new SleepTask.Args(10, null), new RecordingContext()))
                .isInstanceOf(InterruptedException.class);
    }

    @Test
    void httpGetRefusesEveryHostUntilOneIsAllowListed() {
        HttpGetTask task = new HttpGetTask();
        task.configure(TaskSettings.empty());
        assertThat(task.check(new HttpGetTask.Args("https://example.com/")))
                .singleElement().satisfies(e -> assertThat(e.message()).contains("allowed-hosts"));

        task.configure(TaskSettings.of(Map.of("allowed-hosts", List.of("example.com", "*.example.org"))));
        assertThat(task.check(new HttpGetTask.Args("https://example.com/a"))).isEmpty();
        assertThat(task.check(new HttpGetTask.Args("http://api.example.org/a"))).isEmpty();
        assertThat(task.check(new HttpGetTask.Args("https://evil.com/"))).hasSize(1);
        assertThat(task.check(new HttpGetTask.Args("file:///etc/passwd"))).hasSize(1);
        assertThat(task.check(new HttpGetTask.Args("not a url"))).hasSize(1);
    }

    @Test
    void httpGetAllowsAHostOnItsDefaultPortOnlyUnlessTheEntryNamesAPort() {
        HttpGetTask task = new HttpGetTask();
        task.configure(TaskSettings.of(Map.of("allowed-hosts",
                List.of("example.com", "api.example.net:8443", "*.example.org:*"))));
        assertThat(task.check(new HttpGetTask.Args("http://example.com/"))).isEmpty();
        assertThat(task.check(new HttpGetTask.Args("https://example.com/"))).isEmpty();
        assertThat(task.check(new HttpGetTask.Args("http://example.com:443/"))).as("443 is https's").hasSize(1);
        assertThat(task.check(new HttpGetTask.Args("http://example.com:8080/"))).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("port 8080"));
        assertThat(task.check(new HttpGetTask.Args("https://api.example.net:8443/x"))).isEmpty();
        assertThat(task.check(new HttpGetTask.Args("https://api.example.net/x"))).hasSize(1);
        assertThat(task.check(new HttpGetTask.Args("http://a.example.org:9000/"))).isEmpty();
        assertThat(task.check(new HttpGetTask.Args("http://example.org:9000/"))).as("*. means subdomains").hasSize(1);
    }
}
