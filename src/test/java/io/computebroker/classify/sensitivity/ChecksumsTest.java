package io.computebroker.classify.sensitivity;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ChecksumsTest {
    @Test
    void luhn() {
        assertThat(Checksums.luhn("4111111111111111")).isTrue();
        assertThat(Checksums.luhn("378282246310005")).isTrue();
        assertThat(Checksums.luhn("4111111111111112")).isFalse();
    }

    @Test
    void ibanMod97() {
        assertThat(Checksums.ibanMod97("GB82WEST12345698765432")).isTrue();
        assertThat(Checksums.ibanMod97("NL91ABNA0417164300")).isTrue();
        assertThat(Checksums.ibanMod97("GB82WEST12345698765433")).isFalse();
        assertThat(Checksums.ibanMod97("GB82WEST1234569876543!")).isFalse();
    }

    @Test
    void bsnElevenCheck() {
        assertThat(Checksums.bsnElevenCheck("111222333")).isTrue();
        assertThat(Checksums.bsnElevenCheck("111222334")).isFalse();
        assertThat(Checksums.bsnElevenCheck("000000000")).isFalse();
        assertThat(Checksums.bsnElevenCheck("11122233")).isFalse();
    }

    @Test
    void entropy() {
        assertThat(Checksums.shannonEntropy("aaaaaaaa")).isZero();
        assertThat(Checksums.shannonEntropy("abcdefgh")).isEqualTo(3.0);
    }
}
