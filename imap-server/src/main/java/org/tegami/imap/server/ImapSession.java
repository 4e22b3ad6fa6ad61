package org.tegami.imap.server;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.compression.JdkZlibEncoder;
import io.netty.handler.codec.compression.ZlibWrapper;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import org.tegami.tls.CertificateRegistry;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tegami.auth.ChannelBindings;
import org.tegami.connection.ClientAddress;
import org.tegami.auth.SaslContext;
import org.tegami.auth.SaslExchange;
import org.tegami.auth.SaslMechanism;
import org.tegami.auth.SaslStep;
import org.tegami.imap.protocol.CommandParser;
import org.tegami.imap.protocol.FramerEvent;
import org.tegami.imap.protocol.ImapCommand;
import org.tegami.imap.protocol.ParseResult;
import org.tegami.imap.protocol.ResponseWriter;
import org.tegami.imap.server.notify.Notifier;
import org.tegami.store.Account;
import org.tegami.store.ChangeFeed;
import org.tegami.store.Flags;
import org.tegami.store.LoginProtocol;
import org.tegami.store.MailStore;
import org.tegami.store.MailboxDelta;
import org.tegami.store.MessageSummary;
import org.tegami.store.StoreError;
import org.tegami.store.Uid;

/**
 * One client connection. Its commands run one at a time, in order, on the session's own virtual
 * thread, which waits on a queue of {@link SessionEvent}s fed by the Netty pipeline and the change feed.
 * All session state is confined to that thread.
 */
final class ImapSession implements CommandContext {

    private static final Logger LOG = LoggerFactory.getLogger(ImapSession.class);
    /** Pipelined commands queued before the connection stops reading, and the level where it resumes. */
    private static final int MAX_PENDING_INPUTS = 64;
    private static final int RESUME_READING_AT = 8;
    /** One TLS record's worth of plaintext: small against the channel's high-water mark. */
    private static final int WRITE_SLICE_BYTES = 16 * 1024;
    /**
     * Output written but not flushed, past which {@link #send} flushes: a large answer (a FETCH of a whole big
     * mailbox) then goes out while the rest of it is made, instead of waiting for the high-water mark.
     */
    private static final int FLUSH_BYTES = 64 * 1024;
    /** zlib's default trade-off between CPU and size. */
    private static final int DEFLATE_LEVEL = 6;

    /** What the session is doing between commands. */
    private sealed interface Mode {
        record Commands() implements Mode {
        }

        record Idling(String tag) implements Mode {
        }

        record Authenticating(String tag, SaslExchange exchange) implements Mode {
        }
    }

    private final String id;
    private final Channel channel;
    private final SessionContext context;
    private final ImapFrameDecoder decoder;
    private final CommandParser parser;
    private final CommandTable commands;
    private final InetAddress clientAddress;
    private final LinkedBlockingQueue<SessionEvent> events = new LinkedBlockingQueue<>();
    private final AtomicBoolean changeQueued = new AtomicBoolean();
    private final AtomicInteger pendingInputs = new AtomicInteger();
    private final ReentrantLock writability = new ReentrantLock();
    private final Condition writable = writability.newCondition();
    private final Notifier notifier;

    private volatile boolean tls;
    private boolean compressing;
    /** Known once the TLS handshake is done; only the session's thread reads or writes it. */
    private ChannelBindings channelBindings;
    /** Volatile only so that tests may look at the selected view from another thread. */
    private volatile SessionState state = new SessionState.NotAuthenticated();
    private Mode mode = new Mode.Commands();
    private boolean imap4rev2;
    private boolean condstore;
    private boolean qresync;
    private boolean uidOnly;
    private boolean utf8Accept;
    private MailboxNames names = new MailboxNames(false);
    private ChangeFeed.Subscription subscription;
    private int failedLogins;
    private long lastClientActivityNanos = System.nanoTime();
    /** When the current command's progress was last reported, or it started. */
    private long lastProgressNanos;
    /** Bytes handed to the channel since the last flush (see {@link #FLUSH_BYTES}). */
    private int unflushedBytes;
    private volatile boolean closing;

    ImapSession(Channel channel, SessionContext context, ImapFrameDecoder decoder, boolean implicitTls) {
        this.channel = channel;
        this.context = context;
        this.decoder = decoder;
        this.tls = implicitTls;
        this.id = context.sessions().nextId();
        this.parser = new CommandParser(context.settings().limits());
        this.commands = context.commands();
        this.clientAddress = ClientAddress.of(channel).getAddress();
        this.notifier = new Notifier(this, context.settings().maxWatchedMailboxes(),
                context.settings().maxPendingNotifications());
    }

    String id() {
        return id;
    }

    /** The selected mailbox's view, or null; for tests, which look from another thread. */
    SelectedMailbox selectedView() {
        return state instanceof SessionState.Selected s ? s.mailbox() : null;
    }

    void start() {
        Thread.ofVirtual().name("imap-" + id).start(this::run);
    }

    void enqueue(SessionEvent event) {
        events.add(event);
        if (event instanceof SessionEvent.Input && pendingInputs.incrementAndGet() >= MAX_PENDING_INPUTS) {
            // A client pipelining faster than commands run: stop reading until the backlog drains, so
            // queued commands (each bounded by the framer's limits) cannot pile up without bound.
            channel.config().setAutoRead(false);
        }
    }

    void writabilityChanged() {
        writability.lock();
        try {
            writable.signalAll();
        } finally {
            writability.unlock();
        }
    }

    /** Server shutdown: say BYE and close. */
    void shutdown() {
        if (!closing) {
            closing = true;
            ResponseWriter bye = new ResponseWriter().raw("* BYE Server shutting down").crlf();
            channel.writeAndFlush(Unpooled.wrappedBuffer(bye.buffer(), 0, bye.length()))
                    .addListener(f -> channel.close());
        }
    }

    private void run() {
        try {
            // Here rather than in channelActive: the blocklist is in the store, and the event loop must not
            // wait for it. The client has sent nothing yet, so it still meets the refusal first.
            // Before the greeting, and so before its wait for the TLS handshake: nothing the client does
            // delays the refusal, beyond the handshake a BYE over TLS needs, which refuse() bounds.
            if (context.throttle().refusesConnection(clientAddress)) {
                LOG.info("session {}: refused IMAP connection from {}: address blocked after failed logins", id,
                        clientAddress.getHostAddress());
                refuse("* BYE [UNAVAILABLE] Too many failed logins from your address; try again later");
                return;
            }
            ResponseWriter greeting = response().raw("* OK [CAPABILITY ").raw(capabilities()).raw("] ")
                    .raw(context.settings().hostname().replaceAll("[^\\x21-\\x7e]", "")).raw(" Tegami ready").crlf();
            send(greeting);
            flush();
            while (!closing) {
                SessionEvent event = events.poll(remainingTimeoutNanos(), TimeUnit.NANOSECONDS);
                if (event == null) {
                    if (remainingTimeoutNanos() <= 0) {
                        sendAndClose("* BYE Autologout; idle for too long");
                        break;
                    }
                    continue;
                }
                switch (event) {
                    case SessionEvent.Closed c -> closing = true;
                    case SessionEvent.MailChanged m -> onMailChanged();
                    case SessionEvent.Input input -> {
                        lastClientActivityNanos = System.nanoTime();
                        if (pendingInputs.decrementAndGet() <= RESUME_READING_AT && !channel.config().isAutoRead()) {
                            channel.config().setAutoRead(true);
                        }
                        onInput(input.event());
                        if (failedLogins >= context.settings().maxFailedLoginsPerConnection()) {
                            // After the command's NO: RFC 9051 §7.1.5, BYE tells the client the close is deliberate.
                            sendAndClose("* BYE Too many failed login attempts");
                        }
                    }
                }
                flush();
            }
        } catch (ConnectionGone e) {
            LOG.debug("session {}: {}", id, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("session {}: unexpected failure", id, e);
        } finally {
            closing = true;
            if (subscription != null) {
                subscription.close();
            }
            context.sessions().remove(this);
            // A channel already closed needs nothing more, and at server shutdown its event loop may be gone:
            // a listener added then cannot be notified (Netty logs a rejected task).
            if (channel.isOpen()) {
                channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> channel.close());
            }
        }
    }

    private long remainingTimeoutNanos() {
        Duration limit = state instanceof SessionState.NotAuthenticated
                ? context.settings().preAuthTimeout() : context.settings().idleTimeout();
        return limit.toNanos() - (System.nanoTime() - lastClientActivityNanos);
    }

    private void onMailChanged() {
        changeQueued.set(false);
        // RFC 5465 §3.1: under NOTIFY the client listens at all times, not only in IDLE.
        if (mode instanceof Mode.Idling ? notifier.reportsSelected() : notifier.reportsSelectedAtOnce()) {
            reportUpdatesIfReadable(true, mode instanceof Mode.Idling);
        }
        notifyQuietly(notifier::deliver);
    }

    /** Runs a NOTIFY step; a store failure only postpones the notifications to a later change. */
    private void notifyQuietly(Runnable step) {
        try {
            step.run();
        } catch (StoreError e) {
            LOG.warn("session {}: cannot read notifications: {}", id, e.getMessage());
        }
    }

    private void onInput(FramerEvent event) {
        switch (event) {
            case FramerEvent.LiteralContinuation c -> send(response().raw("+ Ready for literal data").crlf());
            case FramerEvent.Rejected r -> onRejected(r);
            case FramerEvent.Frame f -> onFrame(f.bytes());
        }
    }

    private void onRejected(FramerEvent.Rejected rejected) {
        String prefix = rejected.tag() == null ? "*" : rejected.tag();
        ResponseWriter w = response().raw(prefix);
        switch (rejected.problem()) {
            case APPEND_TOO_LARGE -> w.raw(" NO [TOOBIG] ");
            case LITERAL_TOO_LARGE, COMMAND_TOO_LARGE -> w.raw(" BAD [TOOBIG] ");
            default -> w.raw(" BAD ");
        }
        w.raw(safeText(rejected.message())).crlf();
        send(w);
        if (rejected.fatal()) {
            sendAndClose("* BYE Connection closed: input could not be resynchronised");
        }
        mode = new Mode.Commands();
    }

    private void onFrame(byte[] frame) {
        if (frame.length == 0 && !(mode instanceof Mode.Authenticating)) {
            // A blank line is no command; only a SASL exchange takes it, as an empty response.
            return;
        }
        switch (mode) {
            case Mode.Idling idling -> endIdle(idling, frame);
            case Mode.Authenticating auth -> continueSasl(auth, frame);
            case Mode.Commands c -> execute(frame);
        }
    }

    private void execute(byte[] frame) {
        ParseResult result = parser.parse(frame);
        switch (result) {
            case ParseResult.Invalid invalid -> {
                String tag = invalid.tag() == null ? "*" : invalid.tag();
                send(response().raw(tag).raw(" BAD ").raw(safeText(invalid.message())).crlf());
            }
            case ParseResult.Parsed parsed -> execute(parsed.command());
        }
    }

    private void execute(ImapCommand command) {
        lastProgressNanos = System.nanoTime();
        CommandTable.Entry entry = commands.entry(command);
        Outcome outcome;
        if (!entry.allowedIn().contains(state.kind())) {
            outcome = Outcome.bad(notAllowedText(entry));
        } else if (uidOnly && CommandTable.usesSequenceNumbers(command)) {
            // RFC 9586 §3.2: after ENABLE UIDONLY a message sequence number is a client error.
            outcome = Outcome.bad("UIDREQUIRED", "Message sequence numbers are not used after ENABLE UIDONLY");
        } else {
            notifyQuietly(() -> notifier.beforeCommand(command));
            outcome = run(entry, command);
            notifyQuietly(() -> notifier.afterCommand(command));
        }
        if (outcome.status() == Outcome.Status.CONTINUED) {
            return;
        }
        if (state instanceof SessionState.Selected && outcome.status() != Outcome.Status.BAD
                && notifier.reportsSelected()) {
            reportUpdatesIfReadable(entry.allowsExpungeResponses(command), false);
        }
        sendTagged(command.tag(), outcome);
    }

    private Outcome run(CommandTable.Entry entry, ImapCommand command) {
        try {
            return entry.execute(command, this);
        } catch (StoreError e) {
            return StoreErrors.outcome(e);
        } catch (ConnectionGone e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.error("session {}: {} failed", id, command.getClass().getSimpleName(), e);
            return Outcome.no("SERVERBUG", "Internal error; the failure is logged with session id " + id);
        }
    }

    private String notAllowedText(CommandTable.Entry entry) {
        if (state instanceof SessionState.NotAuthenticated) {
            return "Command not allowed before authentication";
        }
        if (entry.allowedIn().contains(SessionState.Kind.SELECTED)) {
            return "No mailbox selected";
        }
        return "Already authenticated";
    }

    private void sendTagged(String tag, Outcome outcome) {
        ResponseWriter w = response().raw(tag).space().raw(outcome.status().name());
        if (outcome.code() != null) {
            w.raw(" [").raw(outcome.code()).raw("]");
        }
        w.space().raw(safeText(outcome.text())).crlf();
        send(w);
    }

    /** Response text is ASCII TEXT-CHARs only; anything else (from client input, say) is replaced. */
    private static String safeText(String text) {
        if (text == null || text.isEmpty()) {
            return "Done";
        }
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length() && i < 300; i++) {
            char c = text.charAt(i);
            sb.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return sb.toString();
    }

    // ---- IDLE (RFC 9051 §6.3.13) ----

    @Override
    public void beginIdle(String tag) {
        mode = new Mode.Idling(tag);
        send(response().raw("+ idling").crlf());
        if (state instanceof SessionState.Selected && notifier.reportsSelected()) {
            reportUpdates(true);
        }
    }

    private void endIdle(Mode.Idling idling, byte[] frame) {
        mode = new Mode.Commands();
        String line = new String(frame, StandardCharsets.US_ASCII).trim();
        if (line.equalsIgnoreCase("DONE")) {
            if (state instanceof SessionState.Selected && notifier.reportsSelected()) {
                reportUpdates(true);
            }
            sendTagged(idling.tag(), Outcome.ok("IDLE terminated"));
        } else {
            sendTagged(idling.tag(), Outcome.bad("Expected DONE to end IDLE"));
        }
    }

    // ---- SASL (RFC 9051 §6.2.2) ----

    @Override
    public SaslMechanism mechanism(String name) {
        return context.mechanisms().find(name, saslContext()).orElse(null);
    }

    @Override
    public void beginSasl(String tag, SaslMechanism mechanism, byte[] initialResponse) {
        SaslExchange exchange = mechanism.start(saslContext());
        step(tag, exchange, exchange.evaluate(initialResponse));
    }

    private void continueSasl(Mode.Authenticating auth, byte[] frame) {
        mode = new Mode.Commands();
        String line = new String(frame, StandardCharsets.US_ASCII).trim();
        if (line.equals("*")) {
            sendTagged(auth.tag(), Outcome.bad("Authentication cancelled"));
            return;
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(line);
        } catch (IllegalArgumentException e) {
            sendTagged(auth.tag(), Outcome.bad("Invalid base64 in authentication response"));
            return;
        }
        step(auth.tag(), auth.exchange(), auth.exchange().evaluate(decoded));
    }

    private void step(String tag, SaslExchange exchange, SaslStep step) {
        switch (step) {
            case SaslStep.Challenge challenge -> {
                mode = new Mode.Authenticating(tag, exchange);
                send(response().raw("+ ").raw(Base64.getEncoder().encodeToString(challenge.data())).crlf());
            }
            case SaslStep.Success success -> {
                loggedIn(success.account());
                sendTagged(tag, Outcome.ok("CAPABILITY " + capabilities(), "Logged in"));
            }
            case SaslStep.Failure failure -> {
                loginFailed();
                sendTagged(tag, Outcome.no("AUTHENTICATIONFAILED", "Authentication failed"));
            }
            case SaslStep.Malformed malformed -> sendTagged(tag, Outcome.bad(malformed.reason()));
        }
    }

    @Override
    public void loggedIn(Account account) {
        context.throttle().recordSuccess(clientAddress);
        state = new SessionState.Authenticated(account);
        channel.eventLoop().execute(() -> decoder.setAuthenticated(true));
        subscription = context.store().changes().subscribe(account.id(), change -> {
            // Before waking the session: the delta it then reads must include this change.
            context.deltas().announce(change);
            context.states().announce(change);
            notifier.offer(change);
            if (changeQueued.compareAndSet(false, true)) {
                events.add(new SessionEvent.MailChanged());
            }
        });
        LOG.info("session {}: {} logged in from {}", id, account.address(), clientAddress.getHostAddress());
    }

    @Override
    public void progress(String tag, long done, long goal) {
        long now = System.nanoTime();
        if (now - lastProgressNanos < context.settings().progressInterval().toNanos()) {
            return;
        }
        lastProgressNanos = now;
        // RFC 9585 §3: the command's tag, the units done so far and the units to do.
        send(response().raw("* OK [INPROGRESS (").string(tag).space().number(done).space().number(Math.max(goal, 1))
                .raw(")] Still working").crlf());
        flush();
    }

    @Override
    public void unauthenticate() {
        LOG.info("session {}: {} unauthenticated", id, account().address());
        if (subscription != null) {
            subscription.close();
            subscription = null;
        }
        state = new SessionState.NotAuthenticated();
        notifier.reset();
        imap4rev2 = false;
        condstore = false;
        qresync = false;
        uidOnly = false;
        utf8Accept = false;
        names = new MailboxNames(false);
        lastClientActivityNanos = System.nanoTime();
        channel.eventLoop().execute(() -> decoder.setAuthenticated(false));
    }

    @Override
    public void loginFailed() {
        Duration delay = context.throttle().recordFailure(clientAddress);
        failedLogins++;
        LOG.info("session {}: failed login from {} (delayed {} ms)", id, clientAddress.getHostAddress(),
                delay.toMillis());
        try {
            // Deliberate: holding the answer back is what slows down password guessing.
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * What the SASL mechanisms may know of this connection: TLS or not, its channel bindings, and the
     * client's address (for the app passwords of IMAP and the log).
     */
    private SaslContext saslContext() {
        String service = LoginProtocol.IMAP.word();
        return tls ? new SaslContext(service, true, channelBindings(), clientAddress)
                : SaslContext.cleartext(service, clientAddress);
    }

    /**
     * The channel-binding data of this connection's TLS session (RFC 5056), read from the TLS engine once the
     * handshake is done. With implicit TLS the greeting is written before the handshake ends, so this waits
     * for it: the greeting's CAPABILITY must list exactly the mechanisms that will work.
     */
    private ChannelBindings channelBindings() {
        if (channelBindings == null) {
            Future<SslHandler> handshake = CertificateRegistry.handshake(channel);
            if (handshake == null) {
                return ChannelBindings.NONE;
            }
            if (!handshake.awaitUninterruptibly(context.settings().preAuthTimeout().toMillis())
                    || !handshake.isSuccess()) {
                return ChannelBindings.NONE;
            }
            channelBindings = ChannelBindings.of(handshake.getNow().engine().getSession());
        }
        return channelBindings;
    }

    // ---- STARTTLS (RFC 9051 §6.2.1) ----

    @Override
    public void startTls(String tag) {
        ResponseWriter ok = response().raw(tag).raw(" OK Begin TLS negotiation now").crlf();
        flush();
        // One event-loop task: the OK goes out in clear (written through the whole pipeline at once, as we
        // are on the loop), then the TLS handler is put in front before the loop can read again, so the
        // client's ClientHello always meets it; it picks the certificate by the name the client asks for.
        // Anything the client pipelined after STARTTLS was discarded by the decoder (CVE-2011-0411 class).
        channel.eventLoop().execute(() -> {
            channel.writeAndFlush(Unpooled.wrappedBuffer(ok.buffer(), 0, ok.length()));
            channel.pipeline().addFirst("tls", context.certificates().newHandler());
            decoder.resumeAfterTls();
        });
        tls = true;
    }

    // ---- COMPRESS (RFC 4978) ----

    @Override
    public boolean compressing() {
        return compressing;
    }

    @Override
    public void startCompression(String tag) {
        ResponseWriter ok = response().raw(tag).raw(" OK DEFLATE active").crlf();
        flush();
        compressing = true;
        // One task on the event loop, queued after every write the session made before: the inflater goes in
        // first (the client compresses right after it reads this OK, RFC 4978 §3), the OK leaves uncompressed,
        // then the deflater goes in. Inside TLS: compressed bytes are what TLS encrypts. The deflater ends each
        // write with a sync flush, so a response (an IDLE push, say) is never held back inside the compressor.
        channel.eventLoop().execute(() -> {
            ChannelPipeline pipeline = channel.pipeline();
            boolean behindTls = pipeline.get("tls") != null;
            if (behindTls) {
                pipeline.addAfter("tls", "inflate", new DeflateDecoder());
            } else {
                pipeline.addFirst("inflate", new DeflateDecoder());
            }
            channel.writeAndFlush(Unpooled.wrappedBuffer(ok.buffer(), 0, ok.length()));
            JdkZlibEncoder deflater = new JdkZlibEncoder(ZlibWrapper.NONE, DEFLATE_LEVEL);
            if (behindTls) {
                pipeline.addAfter("tls", "deflate", deflater);
            } else {
                pipeline.addFirst("deflate", deflater);
            }
        });
    }

    // ---- updates to the selected mailbox (RFC 9051 §7.3.1, §7.5.1) ----

    /** Like {@link #reportUpdates}, but a store failure only postpones the updates to a later point. */
    private void reportUpdatesIfReadable(boolean allowExpunge, boolean shared) {
        try {
            reportUpdates(allowExpunge, shared);
        } catch (StoreError e) {
            LOG.warn("session {}: cannot read mailbox updates: {}", id, e.getMessage());
        }
    }

    @Override
    public void reportUpdates(boolean allowExpunge) {
        reportUpdates(allowExpunge, false);
    }

    /**
     * With {@code shared}, the delta may be one read for every session at the same MODSEQ of the mailbox
     * ({@link MailboxDeltas}): for a change announced on the feed, where many sessions ask at once.
     */
    private void reportUpdates(boolean allowExpunge, boolean shared) {
        if (!(state instanceof SessionState.Selected selected)) {
            return;
        }
        SelectedMailbox view = selected.mailbox();
        MailboxDeltas.Shared read;
        MailboxDelta delta;
        List<Uid> expunged;
        try {
            read = shared ? context.deltas().since(selected.account().id(), view.mailbox().id(), view.knownModSeq())
                    : context.deltas().read(view.mailbox().id(), view.knownModSeq());
            delta = read.delta();
            expunged = delta.expunged();
            if (view.knownModSeq().compareTo(read.expungeHorizon()) < 0) {
                // Expunges this session has not seen were forgotten (RFC 7162 §3.2.5): what vanished is every
                // UID it shows that the mailbox no longer has.
                expunged = vanishedFromView(view);
            }
        } catch (StoreError e) {
            if (e.kind() == StoreError.Kind.NONEXISTENT) {
                // The mailbox was deleted by another session: nothing more can be reported.
                sendAndClose("* BYE The selected mailbox was deleted");
                return;
            }
            throw e;
        }
        // A view on a shared state that reports everything now moves, with every other session on that state,
        // to one next state made once from this read: no session copies the mailbox's messages. Its responses
        // are the same as when applying the delta to a copy of its own, as they are worked out from the state
        // it leaves (its sequence numbers until the expunges are reported) and the delta.
        MailboxState base = view.sharedState();
        boolean together = allowExpunge && expunged == delta.expunged() && base != null
                && view.pendingExpunges().isEmpty() && view.knownModSeq().equals(base.highestModSeq());
        if (together) {
            view.beginTransition(read.next(base, from -> context.states().after(from, read.delta())));
        }
        try {
            applyDelta(view, read, expunged, allowExpunge, together);
        } finally {
            // Only a connection lost while writing ends the update early; the view then stays where it was.
            view.cancelTransition();
        }
        if (view.pendingExpunges().isEmpty()) {
            share(view);
        }
    }

    private void applyDelta(SelectedMailbox view, MailboxDeltas.Shared read, List<Uid> expunged,
                            boolean allowExpunge, boolean together) {
        MailboxDelta delta = read.delta();
        for (Uid uid : expunged) {
            if (view.seqOf(uid.value()) > 0) {
                view.pendingExpunges().add(uid.value());
            }
        }
        List<Long> added = new ArrayList<>();
        List<Long> changed = new ArrayList<>();
        for (MessageSummary m : delta.changed()) {
            long uid = m.uid().value();
            changed.add(uid);
            FlagLists.announceNewKeywords(this, view, m.flags());
            // Changes come in ascending UID order, so every one above the last UID known before is new.
            if (uid > view.lastUid()) {
                if (!together) {
                    view.add(uid, m.flags(), m.modSeq());
                }
                added.add(uid);
            } else {
                int seq = view.seqOf(uid);
                if (seq > 0 && !view.isExpungedPending(uid)) {
                    boolean flagsChanged = !view.flagsAt(seq).equals(m.flags());
                    // The MODSEQ moves even when the flags are as reported (this session's own STORE).
                    if (!together) {
                        view.setFlagsAt(seq, m.flags(), m.modSeq());
                    }
                    if (flagsChanged && notifier.reportsFlagChanges()) {
                        send(fetchFlags(seq, m, view.recent().contains(uid)));
                    }
                }
            }
        }
        view.setKnownModSeq(delta.highestModSeq());
        view.setUidNext(delta.uidNext());
        if (allowExpunge && !view.pendingExpunges().isEmpty()) {
            Set<Long> gone = new HashSet<>(view.pendingExpunges());
            Expunges.report(this, gone);
        }
        view.endTransition();
        if (!added.isEmpty()) {
            if (!view.readOnly() && read.takeRecentClaim()) {
                for (Uid uid : context.store().messages().claimRecent(view.mailbox().id())) {
                    view.recent().add(uid.value());
                }
            }
            send(response().raw("* ").number(view.size()).raw(" EXISTS").crlf());
            if (!imap4rev2) {
                send(response().raw("* ").number(view.recent().size()).raw(" RECENT").crlf());
            }
            notifier.newMessages(added);
        }
        // RFC 5267 §4.3.3: the contexts' ADDTO for new messages come after their EXISTS.
        view.searchContexts().changed(this, changed);
    }

    /**
     * Puts a view that shows exactly the store's messages at its MODSEQ (every expunge reported) on the state
     * the server keeps for the mailbox, when that holds the same messages, or offers its own to be kept: so a
     * session that copied for a while (its own STORE, expunges it could not report) shares again.
     */
    private void share(SelectedMailbox view) {
        MailboxState kept = context.states().latest(view.mailbox().account(), view.mailbox().id());
        if (kept != null && kept == view.sharedState()) {
            return;
        }
        if (kept != null && kept.highestModSeq().equals(view.knownModSeq()) && kept.uidNext() == view.uidNext()
                && kept.mailbox().uidValidity().equals(view.mailbox().uidValidity()) && view.shows(kept)) {
            view.adopt(kept);
        } else if (kept == null || kept.highestModSeq().compareTo(view.knownModSeq()) < 0) {
            view.adopt(context.states().offer(view.freeze()));
        }
    }

    /** The UIDs the view shows that the mailbox no longer holds, ascending. */
    private List<Uid> vanishedFromView(SelectedMailbox view) {
        Set<Long> present = new HashSet<>();
        for (MessageSummary m : context.store().messages().snapshot(view.mailbox().id()).messages()) {
            present.add(m.uid().value());
        }
        List<Uid> gone = new ArrayList<>();
        for (int seq = 1; seq <= view.size(); seq++) {
            if (!present.contains(view.uidAt(seq))) {
                gone.add(new Uid(view.uidAt(seq)));
            }
        }
        return gone;
    }

    /**
     * An unsolicited flag change; with CONDSTORE it carries UID and MODSEQ too (RFC 7162 §3.1, §3.2.4), under
     * NOTIFY the UID.
     */
    private ResponseWriter fetchFlags(int seq, MessageSummary m, boolean recent) {
        ResponseWriter w = fetchResponse(seq, m.uid().value()).raw("FLAGS ");
        FlagLists.write(w, m.flags(), recent && !imap4rev2);
        // RFC 5465 §5.1: under NOTIFY a flag change carries the UID too.
        if ((condstore || notifier.active()) && !uidOnly) {
            w.raw(" UID ").number(m.uid().value());
        }
        if (condstore) {
            w.raw(" MODSEQ (").number(m.modSeq().value()).raw(")");
        }
        return w.raw(")").crlf();
    }

    // ---- output ----

    @Override
    public ResponseWriter response() {
        return new ResponseWriter();
    }

    /**
     * Sends a response, handing it to the channel in slices of at most {@link #WRITE_SLICE_BYTES} and waiting
     * for writability before each: a response can be far larger than maxOutputBufferBytes (a FETCH of a large
     * message), and queued whole it would both hold a second, encrypted copy of itself in memory and trip the
     * output limit in {@link #awaitWritable()} even for a client that reads.
     */
    @Override
    public void send(ResponseWriter response) {
        int offset = 0;
        do {
            if (!channel.isActive()) {
                throw new ConnectionGone("connection closed");
            }
            if (!channel.isWritable()) {
                awaitWritable();
            }
            int slice = Math.min(WRITE_SLICE_BYTES, response.length() - offset);
            channel.write(Unpooled.wrappedBuffer(response.buffer(), offset, slice));
            offset += slice;
            unflushedBytes += slice;
            if (unflushedBytes >= FLUSH_BYTES) {
                flush();
            }
        } while (offset < response.length());
    }

    /**
     * Back-pressure: a client that does not read makes the session wait here, so queued output stays
     * within the channel's high-water mark; one that never reads again is disconnected after the idle
     * timeout.
     */
    private void awaitWritable() {
        flush();
        long deadline = System.nanoTime() + context.settings().idleTimeout().toNanos();
        writability.lock();
        try {
            while (!channel.isWritable()) {
                if (!channel.isActive()) {
                    throw new ConnectionGone("connection closed while writing");
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    channel.close();
                    throw new ConnectionGone("client stopped reading");
                }
                if (queuedOutputBytes() > context.settings().maxOutputBufferBytes()) {
                    channel.close();
                    throw new ConnectionGone("output buffer limit exceeded");
                }
                writable.await(Math.min(remaining, TimeUnit.SECONDS.toNanos(1)), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectionGone("interrupted");
        } finally {
            writability.unlock();
        }
    }

    /**
     * Bytes written but not yet taken by the socket, TLS layer included (Netty counts both in the channel's
     * pending bytes). Safe from any thread; read by {@link SessionRegistry} so the output bound can be checked.
     */
    long queuedOutputBytes() {
        ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
        return buffer == null ? 0 : buffer.totalPendingWriteBytes();
    }

    private void flush() {
        unflushedBytes = 0;
        channel.flush();
    }

    /**
     * Says BYE and closes before the greeting. With implicit TLS the BYE can only go out once the handshake
     * is done: a client that does not finish it within the pre-auth timeout is dropped without a word.
     */
    private void refuse(String byeLine) {
        Future<SslHandler> handshake = CertificateRegistry.handshake(channel);
        if (handshake != null && !(handshake.awaitUninterruptibly(context.settings().preAuthTimeout().toMillis())
                && handshake.isSuccess())) {
            closing = true;
            channel.close();
            return;
        }
        sendAndClose(byeLine);
    }

    private void sendAndClose(String byeLine) {
        closing = true;
        if (channel.isActive()) {
            ResponseWriter w = response().raw(byeLine).crlf();
            channel.writeAndFlush(Unpooled.wrappedBuffer(w.buffer(), 0, w.length()))
                    .addListener(f -> channel.close());
        }
    }

    // ---- CommandContext ----

    @Override
    public SessionState state() {
        return state;
    }

    @Override
    public void setState(SessionState newState) {
        this.state = newState;
    }

    @Override
    public Account account() {
        return switch (state) {
            case SessionState.Authenticated a -> a.account();
            case SessionState.Selected s -> s.account();
            default -> throw new IllegalStateException("not authenticated");
        };
    }

    @Override
    public SelectedMailbox selected() {
        if (state instanceof SessionState.Selected s) {
            return s.mailbox();
        }
        throw new IllegalStateException("no mailbox selected");
    }

    @Override
    public MailboxState currentState(org.tegami.store.Mailbox mailbox) {
        return context.states().current(mailbox);
    }

    @Override
    public MailStore store() {
        return context.store();
    }

    @Override
    public ImapSettings settings() {
        return context.settings();
    }

    @Override
    public boolean imap4rev2() {
        return imap4rev2;
    }

    @Override
    public void enableImap4rev2() {
        imap4rev2 = true;
        names = new MailboxNames(true);
    }

    @Override
    public boolean condstore() {
        return condstore;
    }

    @Override
    public void enableCondstore() {
        if (!condstore && state instanceof SessionState.Selected selected) {
            // RFC 7162 §3.1: the first CONDSTORE enabling command while a mailbox is selected reports its
            // HIGHESTMODSEQ, as SELECT would have: the MODSEQ up to which this session has reported changes.
            send(response().raw("* OK [HIGHESTMODSEQ ").number(selected.mailbox().knownModSeq().value())
                    .raw("] Highest").crlf());
        }
        condstore = true;
    }

    @Override
    public boolean qresync() {
        return qresync;
    }

    @Override
    public void enableQresync() {
        enableCondstore();
        qresync = true;
    }

    @Override
    public boolean utf8Accept() {
        return utf8Accept;
    }

    @Override
    public void enableUtf8Accept() {
        utf8Accept = true;
        names = new MailboxNames(true);
    }

    @Override
    public boolean uidOnly() {
        return uidOnly;
    }

    @Override
    public void enableUidOnly() {
        uidOnly = true;
    }

    @Override
    public boolean tls() {
        return tls;
    }

    @Override
    public InetAddress clientAddress() {
        return clientAddress;
    }

    @Override
    public String capabilities() {
        boolean notAuthenticated = state instanceof SessionState.NotAuthenticated;
        return Capabilities.forSession(tls, notAuthenticated, context.settings().limits().appendLimitBytes(),
                context.settings().limits().literalMinus(),
                tls && notAuthenticated ? context.mechanisms().offeredNames(saslContext()) : List.of());
    }

    @Override
    public MailboxNames names() {
        return names;
    }

    @Override
    public Notifier notifier() {
        return notifier;
    }

    @Override
    public void logout() {
        send(response().raw("* BYE Logging out").crlf());
        state = new SessionState.LoggedOut();
        closing = true;
    }

    /** The connection went away while the session was writing. */
    static final class ConnectionGone extends RuntimeException {
        ConnectionGone(String message) {
            super(message, null, false, false);
        }
    }
}
