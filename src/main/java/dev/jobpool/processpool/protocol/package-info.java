/**
 * The worker protocol (see PROTOCOL.md beside this file): length-prefixed UTF-8 JSON frames, each a record of
 * the sealed {@code Frame}, encoded and decoded only by {@code FrameCodec}. Plain Java and Jackson, no Spring:
 * the worker JVM uses it too.
 */
package dev.jobpool.processpool.protocol;
