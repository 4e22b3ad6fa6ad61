package org.tegami.smtp.server.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class MxResolverTest {

    private DnsStub dns;
    private MxResolver resolver;

    @BeforeEach
    void setUp() throws Exception {
        dns = new DnsStub();
        resolver = new MxResolver(OutboundSettings.defaults("out.example.org").withResolver(dns.address())
                .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1),
                        Duration.ofMillis(300)), new SplittableRandom(7));
    }

    @AfterEach
    void tearDown() throws Exception {
        dns.close();
    }

    private List<String> names(MxResolver.Resolution resolution) {
        return assertInstanceOf(MxResolver.Hosts.class, resolution).hosts().stream()
                .map(MxResolver.MxHost::name).toList();
    }

    @Test
    void mailExchangersComeInOrderOfPreferenceWithTheirAddresses() throws Exception {
        dns.mx("example.net", 20, "backup.example.net").a("backup.example.net", "192.0.2.2")
                .mx("example.net", 10, "primary.example.net").a("primary.example.net", "192.0.2.1")
                .aaaa("primary.example.net", "2001:db8::1");

        var hosts = assertInstanceOf(MxResolver.Hosts.class, resolver.resolve("example.net")).hosts();

        assertEquals(List.of("primary.example.net", "backup.example.net"),
                hosts.stream().map(MxResolver.MxHost::name).toList());
        assertEquals(List.of(InetAddress.getByName("192.0.2.1"), InetAddress.getByName("2001:db8::1")),
                hosts.getFirst().addresses(), "IPv4 first, then IPv6");
    }

    @Test
    void equalPreferencesAreTriedInRandomOrder() {
        dns.mx("example.net", 10, "a.example.net").a("a.example.net", "192.0.2.1")
                .mx("example.net", 10, "b.example.net").a("b.example.net", "192.0.2.2")
                .mx("example.net", 30, "c.example.net").a("c.example.net", "192.0.2.3");

        Set<List<String>> orders = new HashSet<>();
        for (int i = 0; i < 40; i++) {
            orders.add(names(resolver.resolve("example.net")));
        }

        assertEquals(Set.of(List.of("a.example.net", "b.example.net", "c.example.net"),
                List.of("b.example.net", "a.example.net", "c.example.net")), orders);
    }

    @Test
    void withoutMxTheDomainItselfIsTheMailExchanger() {
        dns.a("plain.example", "192.0.2.9");

        assertEquals(List.of("plain.example"), names(resolver.resolve("plain.example")));
    }

    @Test
    void anMxWithoutAddressIsSkipped() {
        dns.mx("example.net", 10, "gone.example.net")
                .mx("example.net", 20, "there.example.net").a("there.example.net", "192.0.2.4");

        assertEquals(List.of("there.example.net"), names(resolver.resolve("example.net")));
    }

    @Test
    void nullMxIsAPermanentFailure() {
        dns.nullMx("nomail.example");

        var failure = assertInstanceOf(MxResolver.Failure.class, resolver.resolve("nomail.example"));

        assertTrue(failure.permanent());
        assertEquals("5.1.10", failure.status());
    }

    @Test
    void nonexistentDomainIsAPermanentFailure() {
        var failure = assertInstanceOf(MxResolver.Failure.class, resolver.resolve("nowhere.example"));

        assertTrue(failure.permanent());
        assertEquals("5.1.2", failure.status());
    }

    @Test
    void serverFailureIsTransient() {
        dns.servfail("broken.example");

        var failure = assertInstanceOf(MxResolver.Failure.class, resolver.resolve("broken.example"));

        assertFalse(failure.permanent());
        assertEquals("4.4.3", failure.status());
    }

    @Test
    void noAnswerIsTransient() {
        dns.silent("slow.example");

        var failure = assertInstanceOf(MxResolver.Failure.class, resolver.resolve("slow.example"));

        assertFalse(failure.permanent());
    }

    @Test
    void addressLiteralsNeedNoDns() throws Exception {
        var v4 = assertInstanceOf(MxResolver.Hosts.class, resolver.resolve("[192.0.2.7]")).hosts();
        var v6 = assertInstanceOf(MxResolver.Hosts.class, resolver.resolve("[IPv6:2001:db8::7]")).hosts();

        assertEquals(List.of(InetAddress.getByName("192.0.2.7")), v4.getFirst().addresses());
        assertEquals(List.of(InetAddress.getByName("2001:db8::7")), v6.getFirst().addresses());
        assertTrue(assertInstanceOf(MxResolver.Failure.class, resolver.resolve("[not-an-address]")).permanent());
    }
}
