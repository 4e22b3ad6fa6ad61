package org.tegami.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StorageSizeTest {

    @Test
    void parsesBinaryAndDecimalUnitsAndBareOctets() {
        assertEquals(5L << 30, StorageSize.parse("5GiB"));
        assertEquals(5L << 30, StorageSize.parse("5gib"));
        assertEquals(3L << 20, StorageSize.parse(" 3 MiB "));
        assertEquals(1024, StorageSize.parse("1KiB"));
        assertEquals(2L << 40, StorageSize.parse("2TiB"));
        assertEquals(500_000_000, StorageSize.parse("500MB"));
        assertEquals(1000, StorageSize.parse("1KB"));
        assertEquals(7, StorageSize.parse("7B"));
        assertEquals(1048576, StorageSize.parse("1048576"));
        assertEquals(0, StorageSize.parse("0"));
        assertEquals(Long.MAX_VALUE, StorageSize.parse("9223372036854775807"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "GiB", "-1", "1.5GiB", "5 parsecs", "8388608TiB", "9223372036854775808", "5 GiB B"})
    void refusesWhatIsNotASize(String text) {
        assertThrows(IllegalArgumentException.class, () -> StorageSize.parse(text));
    }

    @Test
    void formatsInTheLargestExactBinaryUnit() {
        assertEquals("5GiB", StorageSize.format(5L << 30));
        assertEquals("1536KiB", StorageSize.format(1536L << 10));
        assertEquals("1000B", StorageSize.format(1000));
        assertEquals("0B", StorageSize.format(0));
    }
}
