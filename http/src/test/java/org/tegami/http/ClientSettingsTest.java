package org.tegami.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClientSettingsTest {

    @Test
    void theBaseUrlOmitsTheDefaultPort() {
        assertEquals("https://mail.example.org", ClientSettings.standardPorts("mail.example.org").httpsBaseUrl());
        assertEquals("https://mail.example.org:10443", new ClientSettings("mail.example.org", 10443, 10993, 10143,
                10465, 10587, Optional.empty(), MtaStsMode.TESTING).httpsBaseUrl());
    }

    @Test
    void refusesPortsOutOfRangeAndABlankHost() {
        assertThrows(IllegalArgumentException.class, () -> new ClientSettings("mail.example.org", 443, 0, 143, 465,
                587, Optional.empty(), MtaStsMode.NONE));
        assertThrows(IllegalArgumentException.class, () -> ClientSettings.standardPorts(" "));
    }

    @Test
    void mtaStsModesParseTheirKeywords() {
        assertEquals(MtaStsMode.ENFORCE, MtaStsMode.parse("enforce"));
        assertEquals(MtaStsMode.TESTING, MtaStsMode.parse("Testing"));
        assertEquals(MtaStsMode.NONE, MtaStsMode.parse(" none "));
        assertThrows(IllegalArgumentException.class, () -> MtaStsMode.parse("strict"));
    }
}
