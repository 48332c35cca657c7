package dev.jobpool.bench;

import java.nio.file.Path;

/**
 * A bench service's access log: Tomcat's, written to one file in the given pattern. Its {@code %D} is the time
 * from a request's arrival to the last byte of its answer, in microseconds: the service's own time, as the
 * bench reads it (the logging costs every request a buffered write; the file is complete once the service stops).
 */
final class AccessLog {

    private AccessLog() {
    }

    /** The service's arguments that write {@code file} (a name ending in {@code .log}) in {@code pattern}. */
    static String[] arguments(Path file, String pattern) {
        String name = file.getFileName().toString();
        return new String[] {"--server.tomcat.accesslog.enabled=true",
                "--server.tomcat.accesslog.directory=" + file.getParent(),
                "--server.tomcat.accesslog.prefix=" + name.substring(0, name.length() - ".log".length()),
                "--server.tomcat.accesslog.suffix=.log", "--server.tomcat.accesslog.file-date-format=",
                "--server.tomcat.accesslog.pattern=" + pattern};
    }
}
