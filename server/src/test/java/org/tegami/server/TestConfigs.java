package org.tegami.server;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.tegami.auth.LoginThrottle;
import org.tegami.connection.ProxyProtocol;

/** Configurations for in-process servers: every listener on an ephemeral loopback port, so tests never collide. */
final class TestConfigs {

    static final TegamiConfig.Listener EPHEMERAL = new TegamiConfig.Listener(OptionalInt.of(0), Optional.empty(), true);

    private TestConfigs() {
    }

    /** The four SMTP listeners on ephemeral ports (LMTP too), with the given outbound settings. */
    static TegamiConfig.Smtp smtp(TegamiConfig.Outbound outbound) {
        TegamiConfig.Smtp defaults = TegamiConfig.Smtp.DEFAULT;
        return new TegamiConfig.Smtp(EPHEMERAL, EPHEMERAL, EPHEMERAL,
                new TegamiConfig.Listener(OptionalInt.of(0), Optional.of("127.0.0.1"), true), defaults.input(),
                defaults.commandTimeout(), defaults.maxConnectionsPerAddress(), defaults.maxMessagesPerHour(),
                defaults.maxErrorsPerConnection(), outbound);
    }

    static TegamiConfig loopback(Path dataDir, TegamiConfig.Listener imaps, TegamiConfig.Listener imap,
                                 TegamiConfig.Smtp smtp) {
        return loopback(dataDir, imaps, imap, smtp, new TegamiConfig.Web(EPHEMERAL, EPHEMERAL,
                org.tegami.http.MtaStsMode.TESTING));
    }

    static TegamiConfig loopback(Path dataDir, TegamiConfig.Listener imaps, TegamiConfig.Listener imap,
                                 TegamiConfig.Smtp smtp, TegamiConfig.Web web) {
        return new TegamiConfig(Optional.of("mail.test"), dataDir, Optional.of("127.0.0.1"), 0, imaps, imap,
                TegamiConfig.Tls.DEFAULT, TegamiConfig.Limits.DEFAULT, LoginThrottle.Settings.DEFAULTS,
                LoginThrottle.Blocking.DEFAULTS, TegamiConfig.DEFAULT_MAX_APP_PASSWORDS, smtp, web, List.of(),
                ProxyProtocol.OFF, Optional.empty(), StorageConfig.DEFAULT);
    }

    static TegamiConfig loopback(Path dataDir) {
        return loopback(dataDir, EPHEMERAL, EPHEMERAL, smtp(TegamiConfig.Outbound.DEFAULT));
    }
}
