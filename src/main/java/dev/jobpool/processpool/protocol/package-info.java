/**
 * The worker protocol (see PROTOCOL.md beside this file): length-prefixed UTF-8 JSON frames and the message
 * types. Plain Java and Jackson, no Spring: the worker JVM uses it too.
 */
package dev.jobpool.processpool.protocol;
