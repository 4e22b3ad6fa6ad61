package org.tegami.smtp.server.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {

    @Test
    void delaysDoubleFromOneMinuteUpToAnHour() {
        OutboundSettings.RetrySchedule schedule = OutboundSettings.RetrySchedule.DEFAULT;

        assertEquals(IntStream.of(1, 2, 4, 8, 16, 32, 60, 60).mapToObj(Duration::ofMinutes).toList(),
                IntStream.rangeClosed(1, 8).mapToObj(schedule::delayAfter).toList());
        assertEquals(Duration.ofHours(1), schedule.delayAfter(10_000), "no overflow after many attempts");
    }

    @Test
    void aScheduleThatShrinksIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new OutboundSettings.RetrySchedule(Duration.ofMinutes(1), 0.5, Duration.ofHours(1)));
        assertThrows(IllegalArgumentException.class,
                () -> new OutboundSettings.RetrySchedule(Duration.ZERO, 2, Duration.ofHours(1)));
    }

    @Test
    void relayCredentialsStayOutOfToString() {
        var relay = new OutboundSettings.Relay("smtp.example.net", 587, OutboundSettings.TlsMode.STARTTLS,
                java.util.Optional.of("user"), java.util.Optional.of("hunter2"));

        assertEquals(-1, relay.toString().indexOf("hunter2"));
    }
}
