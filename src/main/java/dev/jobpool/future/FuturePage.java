package dev.jobpool.future;

import dev.jobpool.future.FutureSnapshot;

import java.util.List;

/** One page of a listing, and how many futures match in all. */
public record FuturePage(List<FutureSnapshot> items, int page, int size, long totalItems) {
}
