package dev.jobpool.processpool;

/** A worker JVM ended without saying bye, was killed, or broke the protocol; the message says how. */
final class WorkerDied extends Exception {

    WorkerDied(String message) {
        super(message);
    }
}
