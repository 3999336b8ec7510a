package io.computebroker.classify.sensitivity;

import org.junit.jupiter.api.Test;

import static io.computebroker.classify.sensitivity.ScanAssert.found;
import static org.assertj.core.api.Assertions.assertThat;

class ContactDetectorsTest {
    @Test
    void emailAddresses() {
        assertThat(found("mail jane.doe+x@example.co.uk.", EntityType.EMAIL)).containsExactly("jane.doe+x@example.co.uk");
        assertThat(found("(Jürgen@bücher.de)", EntityType.EMAIL)).containsExactly("Jürgen@bücher.de");
    }

    @Test
    void notEmailAddresses() {
        assertThat(found("see icon@2x.png", EntityType.EMAIL)).isEmpty();
        assertThat(found("npm i lib@1.2.3", EntityType.EMAIL)).isEmpty();
        assertThat(found("ssh user@localhost", EntityType.EMAIL)).isEmpty();
        assertThat(found("import @scope/pkg and a..b@example.com", EntityType.EMAIL)).isEmpty();
    }

    @Test
    void phoneNumbersInternationalValidOrCued() {
        assertThat(found("Call me at +31 20 123 4567 tomorrow", EntityType.PHONE)).containsExactly("+31 20 123 4567");
        assertThat(found("reach us on (650) 253-0000", EntityType.PHONE)).containsExactly("(650) 253-0000");
        assertThat(found("Mobile: 0490 75 40 81", EntityType.PHONE)).containsExactly("0490 75 40 81");
        assertThat(found("Fax: 345-899-3560x4587", EntityType.PHONE)).containsExactly("345-899-3560x4587");
        assertThat(found("the office is 020 7946 0958", EntityType.PHONE)).containsExactly("020 7946 0958");
    }

    @Test
    void numbersThatAreNotPhones() {
        assertThat(found("logged 2020-06-20 14:11:22 by the job", EntityType.PHONE)).isEmpty();
        assertThat(found("score 0.6363636364 vs 0.7727272727", EntityType.PHONE)).isEmpty();
        assertThat(found("invoice 6502530000 is paid", EntityType.PHONE)).as("unformatted, no cue").isEmpty();
        assertThat(found("built (1983-1987) and then", EntityType.PHONE)).isEmpty();
        assertThat(found("order 9944918 shipped", EntityType.PHONE)).isEmpty();
    }

    @Test
    void ipv4AndIpv6() {
        assertThat(found("blocked 41.173.96.26 again", EntityType.IP_ADDRESS)).containsExactly("41.173.96.26");
        assertThat(found("route 10.0.0.0/8 via", EntityType.IP_ADDRESS)).containsExactly("10.0.0.0/8");
        assertThat(found("host 2001:db8::8a2e:370:7334.", EntityType.IP_ADDRESS)).containsExactly("2001:db8::8a2e:370:7334");
        assertThat(found("6e40:4041:c617:e898:c11:40d2:c669:2eb4", EntityType.IP_ADDRESS)).hasSize(1);
        assertThat(found("the ip address is 1.2.3.4", EntityType.IP_ADDRESS)).containsExactly("1.2.3.4");
    }

    @Test
    void versionsTimesAndCodeAreNotIps() {
        assertThat(found("upgrade to 1.2.3 or v1.2.3.4", EntityType.IP_ADDRESS)).isEmpty();
        assertThat(found("version 10.4.12.1 is out", EntityType.IP_ADDRESS)).isEmpty();
        assertThat(found("section 1.2.3.4 says", EntityType.IP_ADDRESS)).isEmpty();
        assertThat(found("oid 1.3.6.1.4.1 and 256.1.1.1", EntityType.IP_ADDRESS)).isEmpty();
        assertThat(found("std::vector at 12:30:45, mac 00:1a:2b:3c:4d:5e", EntityType.IP_ADDRESS)).isEmpty();
        assertThat(found("bind 0.0.0.0 or 127.0.0.1 mask 255.255.255.0", EntityType.IP_ADDRESS)).isEmpty();
    }

    @Test
    void streetAddresses() {
        assertThat(found("I live at 14 Crown Street, Apt. 2 now", EntityType.STREET_ADDRESS)).containsExactly("14 Crown Street, Apt. 2");
        assertThat(found("bezoek Keizersgracht 123 morgen", EntityType.STREET_ADDRESS)).containsExactly("Keizersgracht 123");
        assertThat(found("meet at 29 Rue de Tanger", EntityType.STREET_ADDRESS)).containsExactly("29 Rue de Tanger");
        assertThat(found("ship to Via Roma 131", EntityType.STREET_ADDRESS)).containsExactly("Via Roma 131");
        assertThat(found("send to P.O. Box 287", EntityType.STREET_ADDRESS)).containsExactly("P.O. Box 287");
        assertThat(found("PSC 3294, Box 9168\nAPO AA 61487", EntityType.STREET_ADDRESS)).containsExactly("PSC 3294, Box 9168\nAPO AA 61487");
        assertThat(found("office in Springfield, IL 62704", EntityType.STREET_ADDRESS)).containsExactly("Springfield, IL 62704");
        assertThat(found("12 Baker Street\nLondon\nNW1 6XE\n", EntityType.STREET_ADDRESS)).containsExactly("12 Baker Street\nLondon\nNW1 6XE");
    }

    @Test
    void proseWithNumbersIsNotAnAddress() {
        assertThat(found("I bought 3 apples on the street", EntityType.STREET_ADDRESS)).isEmpty();
        assertThat(found("Python 3 runs 60 mixed prompts via email", EntityType.STREET_ADDRESS)).isEmpty();
        assertThat(found("Chapter 5 covers Windows 10 and the test suite 3", EntityType.STREET_ADDRESS)).isEmpty();
    }

    @Test
    void personNames() {
        assertThat(found("Please ask John Smith to call", EntityType.PERSON)).containsExactly("John Smith");
        assertThat(found("My name is Aantje Mourik.", EntityType.PERSON)).containsExactly("Aantje Mourik");
        assertThat(found("Hello, this is Dr. Jane Doe.", EntityType.PERSON)).containsExactly("Jane Doe");
        assertThat(found("join accounts with ms. Marcela", EntityType.PERSON)).containsExactly("Marcela");
        assertThat(found("I have lost it, my name is lena andersson.", EntityType.PERSON)).containsExactly("lena andersson");
        assertThat(found("Name: Ruth R Montez", EntityType.PERSON)).containsExactly("Ruth R Montez");
        assertThat(found("Hi Freddy, I'm writing about", EntityType.PERSON)).containsExactly("Freddy");
    }

    @Test
    void capitalisedWordsThatAreNotNames() {
        assertThat(found("Capitalized words like Wisdom and Discipline are often mistaken with names.", EntityType.PERSON)).isEmpty();
        assertThat(found("May I ask? Will You Help? The Monday Meeting is at the Grand Hall.", EntityType.PERSON)).isEmpty();
        assertThat(found("Claude Code and Julia Language are tools", EntityType.PERSON)).isEmpty();
        assertThat(found("I'm glad to hear it. Morgan Park is a place, Victor Hugo 49 a street", EntityType.PERSON)).isEmpty();
    }
}
