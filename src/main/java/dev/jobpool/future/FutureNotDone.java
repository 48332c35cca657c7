package dev.jobpool.future;

/** Only a finished or cancelled future can be forgotten. */
public class FutureNotDone extends RuntimeException {

    private final String id;
    private final FutureState state;

    public FutureNotDone(String id, FutureState state) {
        super("future " + id + " is " + state + "; only a done future can be deleted (cancel it first)");
        this.id = id;
        this.state = state;
    }

    public String id() {
        return id;
    }

    public FutureState state() {
        return state;
    }
}
