package org.tegami.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NetworkTest {

    @ParameterizedTest
    @CsvSource({
            "192.0.2.0/24, 192.0.2.200, true",
            "192.0.2.0/24, 192.0.3.1, false",
            "192.0.2.77/24, 192.0.2.1, true",
            "10.0.0.0/8, 10.255.0.1, true",
            "0.0.0.0/0, 203.0.113.9, true",
            "0.0.0.0/0, ::1, false",
            "192.0.2.5, 192.0.2.5, true",
            "192.0.2.5, 192.0.2.6, false",
            "192.168.0.0/23, 192.168.1.255, true",
            "192.168.0.0/23, 192.168.2.0, false",
            "2001:db8::/32, 2001:db8:ffff::1, true",
            "2001:db8::/32, 2001:db9::1, false",
            "::1/128, ::1, true",
            "::1/128, 127.0.0.1, false",
            "::/0, 2001:db8::1, true"})
    void containment(String network, String address, boolean expected) throws Exception {
        assertEquals(expected, Network.parse(network).contains(InetAddress.getByName(address)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "example.org", "192.0.2.0/33", "2001:db8::/129", "192.0.2.0/-1", "192.0.2.0/x",
            "localhost/8"})
    void invalidNetworksAreRejected(String text) {
        assertThrows(IllegalArgumentException.class, () -> Network.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"192.0.2.0/24", "2001:db8::/32"})
    void equalNetworksCompareEqual(String text) {
        assertEquals(Network.parse(text), Network.parse(" " + text + " "));
        assertTrue(Network.parse(text).toString().startsWith(text.substring(0, 4)));
        assertFalse(Network.parse(text).equals(Network.parse("::/0")));
    }
}
