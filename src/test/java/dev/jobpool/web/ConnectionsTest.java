package dev.jobpool.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionsTest {

    @Test
    void oneConnectionPerHalfMebibyteOfHeapWithinAFloorAndTomcatsDefault() {
        assertThat(Connections.forHeap(512L << 20)).isEqualTo(1024);
        assertThat(Connections.forHeap(2L << 30)).isEqualTo(4096);
        assertThat(Connections.forHeap(24L << 30)).isEqualTo(8192);
        assertThat(Connections.forHeap(16L << 20)).isEqualTo(100);
    }
}
