package io.computebroker.classify.sensitivity;

import org.junit.jupiter.api.Test;

import static io.computebroker.classify.sensitivity.ScanAssert.found;
import static org.assertj.core.api.Assertions.assertThat;

class FinancialDetectorsTest {
    @Test
    void cardsOfTheMainSchemesInTheUsualLayouts() {
        assertThat(found("pay with 4111 1111 1111 1111 today", EntityType.CREDIT_CARD)).containsExactly("4111 1111 1111 1111");
        assertThat(found("card 4111-1111-1111-1111.", EntityType.CREDIT_CARD)).containsExactly("4111-1111-1111-1111");
        assertThat(found("amex 378282246310005", EntityType.CREDIT_CARD)).containsExactly("378282246310005");
        assertThat(found("amex 3782 822463 10005", EntityType.CREDIT_CARD)).containsExactly("3782 822463 10005");
        assertThat(found("mc 5555555555554444", EntityType.CREDIT_CARD)).containsExactly("5555555555554444");
        assertThat(found("mc 2221000000000009", EntityType.CREDIT_CARD)).containsExactly("2221000000000009");
        assertThat(found("jcb 3528000000000007", EntityType.CREDIT_CARD)).containsExactly("3528000000000007");
    }

    @Test
    void cardsMustPassLuhnAndMatchAScheme() {
        assertThat(found("pay with 4111 1111 1111 1112", EntityType.CREDIT_CARD)).isEmpty();
        // Luhn-valid but no scheme issues 9000… at 16 digits, and epoch milliseconds are not cards
        assertThat(found("id 9000000000000001", EntityType.CREDIT_CARD)).isEmpty();
        assertThat(found("ts 1700000000000", EntityType.CREDIT_CARD)).isEmpty();
        // glued to letters or part of a longer number
        assertThat(found("x4111111111111111", EntityType.CREDIT_CARD)).isEmpty();
        assertThat(found("41111111111111110000", EntityType.CREDIT_CARD)).isEmpty();
        // odd grouping is not how cards are written
        assertThat(found("41 1111 1111 1111 11", EntityType.CREDIT_CARD)).isEmpty();
    }

    @Test
    void twelveDigitMaestroNeedsACardWord() {
        assertThat(found("my card 675900000000 was declined", EntityType.CREDIT_CARD)).containsExactly("675900000000");
        assertThat(found("ticket 675900000000 was closed", EntityType.CREDIT_CARD)).isEmpty();
    }

    @Test
    void ibanCompactPrintedAndLowerCase() {
        assertThat(found("IBAN GB82WEST12345698765432 please", EntityType.IBAN)).containsExactly("GB82WEST12345698765432");
        assertThat(found("to GB82 WEST 1234 5698 7654 32.", EntityType.IBAN)).containsExactly("GB82 WEST 1234 5698 7654 32");
        assertThat(found("rekening nl91abna0417164300", EntityType.IBAN)).containsExactly("nl91abna0417164300");
        assertThat(found("DE89370400440532013000", EntityType.IBAN)).containsExactly("DE89370400440532013000");
    }

    @Test
    void ibanRejectsBadChecksumsWrongLengthsAndUnknownCountries() {
        assertThat(found("GB82WEST12345698765433", EntityType.IBAN)).isEmpty();
        assertThat(found("GB82WEST123456987654321", EntityType.IBAN)).isEmpty();
        assertThat(found("NL91ABNA041716430", EntityType.IBAN)).isEmpty();
        assertThat(found("ZZ82WEST12345698765432", EntityType.IBAN)).isEmpty();
    }
}
