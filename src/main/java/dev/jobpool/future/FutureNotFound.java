package dev.jobpool.future;

import java.util.List;

/** No future has these ids: they never existed here. */
public class FutureNotFound extends RuntimeException {

    private final List<String> ids;

    /** How many ids the message names; {@link #ids()} has them all, for clients to act on. */
    private static final int NAMED = 10;

    /** {@code ids} as asked for: each named once (Python's wait and as_completed take a set). */
    public FutureNotFound(List<String> ids) {
        super(message(ids.stream().distinct().toList()));
        this.ids = ids.stream().distinct().toList();
    }

    private static String message(List<String> unique) {
        if (unique.size() == 1) {
            return "no future has the id '" + unique.getFirst() + "'";
        }
        return "no futures have the ids " + unique.subList(0, Math.min(NAMED, unique.size()))
                + (unique.size() > NAMED ? " and " + (unique.size() - NAMED) + " more" : "");
    }

    public List<String> ids() {
        return ids;
    }
}
