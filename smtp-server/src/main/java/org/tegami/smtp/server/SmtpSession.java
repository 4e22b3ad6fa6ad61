package org.tegami.smtp.server;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import org.tegami.tls.CertificateRegistry;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tegami.auth.ChannelBindings;
import org.tegami.auth.SaslContext;
import org.tegami.auth.SaslExchange;
import org.tegami.auth.SaslMechanism;
import org.tegami.auth.SaslStep;
import org.tegami.connection.ClientAddress;
import org.tegami.smtp.protocol.BdatCommand;
import org.tegami.smtp.protocol.Reply;
import org.tegami.smtp.protocol.SmtpCommand;
import org.tegami.smtp.protocol.SmtpCommandParser;
import org.tegami.smtp.protocol.SmtpParseResult;
import org.tegami.smtp.server.delivery.MailRouter;
import org.tegami.smtp.server.delivery.RecipientResolver;
import org.tegami.smtp.server.delivery.SentCopy;
import org.tegami.store.LoginProtocol;

/**
 * One SMTP, submission or LMTP connection. Its commands run one at a time on the session's own virtual
 * thread, fed by the Netty pipeline through a queue; all state is confined to that thread.
 */
final class SmtpSession implements SmtpContext {

    private static final Logger LOG = LoggerFactory.getLogger(SmtpSession.class);

    private sealed interface Event {
        record Input(SmtpInput input) implements Event {
        }

        record Closed() implements Event {
        }
    }

    private final Channel channel;
    private final SmtpServices services;
    private final SmtpListener listener;
    private final SmtpFrameDecoder decoder;
    private final SmtpCommandParser parser;
    private final InetAddress clientAddress;
    private final String id;
    private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();

    private volatile boolean closing;
    private boolean tls;
    /** Known once the TLS handshake is done. */
    private ChannelBindings channelBindings;
    private SmtpSessionState state = new SmtpSessionState.Connected();
    private SaslExchange sasl;
    private byte[] currentChunk;
    private int errors;

    SmtpSession(Channel channel, SmtpServices services, SmtpListener listener, SmtpFrameDecoder decoder) {
        this.channel = channel;
        this.services = services;
        this.listener = listener;
        this.decoder = decoder;
        this.tls = listener.implicitTls();
        this.parser = new SmtpCommandParser(services.settings().limits());
        this.clientAddress = ClientAddress.of(channel).getAddress();
        this.id = services.connections().nextId();
    }

    void start() {
        Thread.ofVirtual().name("smtp-" + id).start(this::run);
    }

    void enqueue(SmtpInput input) {
        events.add(new Event.Input(input));
    }

    void closed() {
        events.add(new Event.Closed());
    }

    void shutdown() {
        if (!closing) {
            closing = true;
            channel.writeAndFlush(Unpooled.wrappedBuffer(Reply.of(421, "4.3.2", services.settings().hostname()
                    + " shutting down").render())).addListener(f -> channel.close());
        }
    }

    private void run() {
        try {
            // Here rather than in channelActive: the blocklist is in the store, and the event loop must not
            // wait for it. The client speaks only after the greeting, so it meets the refusal first.
            if (services.throttle().refusesConnection(clientAddress)) {
                LOG.info("session {}: refused SMTP connection from {}: address blocked after failed logins", id,
                        clientAddress.getHostAddress());
                refuse(Reply.of(421, "4.7.0", "Too many failed logins from your address; try again later"));
                return;
            }
            String kind = listener.mode() == SmtpMode.LMTP ? "LMTP" : "ESMTP";
            // RFC 2034 §3: the greeting carries no enhanced status code.
            reply(new Reply(220, null, java.util.List.of(services.settings().hostname() + " " + kind + " Tegami")));
            channel.flush();
            Duration timeout = services.settings().commandTimeout();
            while (!closing) {
                Event event = events.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
                if (event == null && System.nanoTime() - decoder.lastReadNanos() < timeout.toNanos()) {
                    // Bytes are still arriving (a large message in DATA or BDAT): the client is not idle.
                    continue;
                }
                if (event == null) {
                    closeWith(Reply.of(421, "4.4.2", services.settings().hostname() + " timeout; closing connection"));
                    break;
                }
                switch (event) {
                    case Event.Closed c -> closing = true;
                    case Event.Input i -> onInput(i.input());
                }
                if (errors >= services.settings().maxErrorsPerConnection() && !closing) {
                    closeWith(Reply.of(421, "4.7.0", "Too many errors; closing connection"));
                }
                channel.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("session {}: unexpected failure", id, e);
            closeWith(Reply.of(421, "4.3.0", "Internal error; closing connection"));
        } finally {
            closing = true;
            services.connections().remove(this);
            if (channel.isActive()) {
                channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> channel.close());
            }
        }
    }

    private void onInput(SmtpInput input) {
        switch (input) {
            case SmtpInput.LineTooLong t -> {
                countError();
                reply(Reply.of(500, "5.5.6", "Line too long"));
            }
            case SmtpInput.Message m -> {
                if (state instanceof SmtpSessionState.InTransaction t) {
                    MessageIntake.accept(this, t, m.data(), m.tooLarge(), m.bareLineEnding());
                }
            }
            case SmtpInput.Chunk c -> {
                currentChunk = c.data();
                try {
                    execute(c.line());
                } finally {
                    currentChunk = null;
                }
            }
            case SmtpInput.Line l -> {
                if (sasl != null) {
                    continueSasl(l.bytes());
                } else {
                    execute(l.bytes());
                }
            }
        }
    }

    private void execute(byte[] line) {
        SmtpParseResult result = parser.parse(line);
        switch (result) {
            case SmtpParseResult.Invalid invalid -> {
                countError();
                reply(invalid.reply());
            }
            case SmtpParseResult.Parsed parsed -> execute(parsed.command());
        }
    }

    private void execute(SmtpCommand command) {
        SmtpCommandTable.Entry entry = services.commands().entry(command);
        if (!entry.allowedIn().contains(SmtpCommandTable.phaseOf(state))) {
            countError();
            reply(state instanceof SmtpSessionState.Connected
                    ? Reply.of(503, "5.5.1", "Send EHLO first") : Replies.BAD_SEQUENCE);
            return;
        }
        try {
            entry.execute(command, this);
        } catch (org.tegami.store.StoreError e) {
            LOG.warn("session {}: storage failure: {}", id, e.getMessage());
            reply(Replies.TRY_LATER);
        }
    }

    // ---- SASL (RFC 4954) ----

    @Override
    public List<String> mechanisms() {
        if (listener.mode() != SmtpMode.SUBMISSION) {
            return List.of();
        }
        return services.mechanisms().offeredNames(saslContext());
    }

    @Override
    public SaslMechanism mechanism(String name) {
        if (listener.mode() != SmtpMode.SUBMISSION) {
            return null;
        }
        return services.mechanisms().find(name, saslContext()).orElse(null);
    }

    @Override
    public void beginSasl(SaslMechanism mechanism, byte[] initialResponse) {
        SaslExchange exchange = mechanism.start(saslContext());
        step(exchange, exchange.evaluate(initialResponse));
    }

    private void continueSasl(byte[] line) {
        SaslExchange exchange = sasl;
        sasl = null;
        String text = new String(line, StandardCharsets.US_ASCII).trim();
        if (text.equals("*")) {
            // RFC 4954 §4: the client cancelled.
            reply(Reply.of(501, "5.0.0", "Authentication cancelled"));
            return;
        }
        try {
            step(exchange, exchange.evaluate(Base64.getDecoder().decode(text)));
        } catch (IllegalArgumentException e) {
            countError();
            reply(Reply.of(501, "5.5.2", "Invalid base64"));
        }
    }

    private void step(SaslExchange exchange, SaslStep step) {
        switch (step) {
            case SaslStep.Challenge c -> {
                sasl = exchange;
                reply(new Reply(334, null, java.util.List.of(Base64.getEncoder().encodeToString(c.data()))));
            }
            case SaslStep.Success s -> {
                services.throttle().recordSuccess(clientAddress);
                if (state instanceof SmtpSessionState.Greeted g) {
                    state = g.withAccount(s.account());
                }
                LOG.info("session {}: {} authenticated from {}", id, s.account().address(), clientAddress.getHostAddress());
                reply(Reply.of(235, "2.7.0", "Authentication successful"));
            }
            case SaslStep.Failure f -> {
                Duration delay = services.throttle().recordFailure(clientAddress);
                countError();
                LOG.info("session {}: failed authentication from {} (delayed {} ms)", id,
                        clientAddress.getHostAddress(), delay.toMillis());
                try {
                    // Deliberate: holding the answer back is what slows down password guessing.
                    Thread.sleep(delay);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                reply(Reply.of(535, "5.7.8", "Authentication credentials invalid"));
            }
            case SaslStep.Malformed m -> {
                countError();
                reply(Reply.of(501, "5.5.2", "Malformed authentication response"));
            }
        }
    }

    /**
     * What the SASL mechanisms may know of this connection: TLS or not, its channel bindings, and the
     * client's address (for the app passwords of SMTP and the log).
     */
    private SaslContext saslContext() {
        String service = LoginProtocol.SMTP.word();
        return tls ? new SaslContext(service, true, channelBindings(), clientAddress)
                : SaslContext.cleartext(service, clientAddress);
    }

    /**
     * The channel-binding data of this connection's TLS session (RFC 5056), read from the TLS engine once the
     * handshake is done (it is: a command arrives encrypted only after it).
     */
    private ChannelBindings channelBindings() {
        if (channelBindings == null) {
            Future<SslHandler> handshake = CertificateRegistry.handshake(channel);
            if (handshake == null) {
                return ChannelBindings.NONE;
            }
            if (!handshake.awaitUninterruptibly(services.settings().commandTimeout().toMillis())
                    || !handshake.isSuccess()) {
                return ChannelBindings.NONE;
            }
            channelBindings = ChannelBindings.of(handshake.getNow().engine().getSession());
        }
        return channelBindings;
    }

    // ---- SmtpContext ----

    @Override
    public SmtpSessionState state() {
        return state;
    }

    @Override
    public void setState(SmtpSessionState newState) {
        state = newState;
    }

    @Override
    public SmtpMode mode() {
        return listener.mode();
    }

    @Override
    public boolean tls() {
        return tls;
    }

    @Override
    public boolean canStartTls() {
        return !tls && services.certificates() != null;
    }

    @Override
    public SmtpSettings settings() {
        return services.settings();
    }

    @Override
    public InetAddress clientAddress() {
        return clientAddress;
    }

    @Override
    public String sessionId() {
        return id;
    }

    @Override
    public void reply(Reply reply) {
        if (channel.isActive()) {
            channel.write(Unpooled.wrappedBuffer(reply.render()));
        }
    }

    @Override
    public void startTls() {
        // One event-loop task sends the 220 (written, not yet flushed) in clear and puts the TLS handler in
        // front before the loop can read again: the client's ClientHello, sent as soon as it sees the 220,
        // then always meets the TLS handler, never the discarding decoder. What the client pipelined after
        // STARTTLS in clear was dropped by the decoder (RFC 3207 §4.2).
        channel.eventLoop().execute(() -> {
            channel.flush();
            channel.pipeline().addFirst("tls", services.certificates().newHandler());
            decoder.resumeAfterTls();
        });
        tls = true;
    }

    @Override
    public void expectMessageData() {
        channel.eventLoop().execute(decoder::expectMessageData);
    }

    @Override
    public byte[] currentChunk() {
        return currentChunk;
    }

    @Override
    public void acceptMessage(byte[] message, boolean tooLarge, boolean bareLineEnding) {
        if (state instanceof SmtpSessionState.InTransaction t) {
            MessageIntake.accept(this, t, message, tooLarge, bareLineEnding);
        }
    }

    @Override
    public RecipientResolver recipients() {
        return services.recipients();
    }

    @Override
    public MailRouter router() {
        return services.router();
    }

    @Override
    public SentCopy sentCopy() {
        return services.sentCopy();
    }

    @Override
    public SubmissionRateLimiter rateLimiter() {
        return services.rateLimiter();
    }

    @Override
    public void countError() {
        errors++;
    }

    @Override
    public void close() {
        closing = true;
    }

    /**
     * Answers and closes before the greeting. With implicit TLS the reply can only go out once the handshake
     * is done: a client that does not finish it within the command timeout is dropped without a word.
     */
    private void refuse(Reply reply) {
        Future<SslHandler> handshake = CertificateRegistry.handshake(channel);
        if (handshake != null && !(handshake.awaitUninterruptibly(services.settings().commandTimeout().toMillis())
                && handshake.isSuccess())) {
            closing = true;
            channel.close();
            return;
        }
        closeWith(reply);
    }

    private void closeWith(Reply reply) {
        closing = true;
        if (channel.isActive()) {
            channel.writeAndFlush(Unpooled.wrappedBuffer(reply.render())).addListener(f -> channel.close());
        }
    }
}
