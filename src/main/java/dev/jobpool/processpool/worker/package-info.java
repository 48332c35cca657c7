/**
 * The only code that runs inside a worker JVM: it speaks the protocol on stdin/stdout and runs one call at a
 * time with the same Task SPI as thread executors. No Spring here, and nothing the service's other packages
 * need.
 */
package dev.jobpool.processpool.worker;
