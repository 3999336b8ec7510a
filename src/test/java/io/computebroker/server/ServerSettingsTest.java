package io.computebroker.server;

import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The web server settings the gateway and the bench's bare relay share. */
class ServerSettingsTest {
    @Test
    void acceptedConnectionsSendSmallWritesAtOnce() {
        var config = Gateway.serverSettings(WebServer.builder()).port(0).buildPrototype();
        // Nagle's algorithm (Helidon's default) would hold a stream's next small event until the caller ACKs the last
        assertThat(config.connectionOptions().tcpNoDelay()).isTrue();
        assertThat(config.useNio()).isFalse();
        assertThat(config.writeBufferSize()).isEqualTo(512);
        assertThat(config.maxPayloadSize()).isEqualTo(-1);
    }
}
