package dev.jobpool.future;

import java.util.List;

/** Python's {@code DoneAndNotDoneFutures}: what {@code wait} returns. */
public record DoneAndNotDone(List<JobFuture> done, List<JobFuture> notDone) {
}
