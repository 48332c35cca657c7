package dev.jobpool.future;

import java.util.List;

/** No future has these ids: they never existed here. */
public class FutureNotFound extends RuntimeException {

    private final List<String> ids;

    public FutureNotFound(List<String> ids) {
        super(ids.size() == 1 ? "no future has the id '" + ids.getFirst() + "'"
                : "no futures have the ids " + ids);
        this.ids = List.copyOf(ids);
    }

    public List<String> ids() {
        return ids;
    }
}
