package org.tegami.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import org.tegami.tls.CertificateRegistry;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tegami.store.AccountDirectory;

/**
 * The HTTP service: mail client auto-configuration (Thunderbird autoconfig, Outlook Autodiscover, Apple
 * configuration profiles), the setup page, the MTA-STS policy and a health check. Netty event loops only move
 * bytes; endpoints run on virtual threads because some read the store.
 */
public final class HttpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);

    private final HttpSettings settings;
    private final CertificateRegistry certificates;
    private final Router router;
    private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
    private final EventLoopGroup bossGroup;
    private final EventLoopGroup workerGroup;
    private final Class<? extends ServerChannel> channelType;
    private final List<Channel> listening = new CopyOnWriteArrayList<>();

    /**
     * @param settings   limits and timeouts
     * @param client     what clients are told to connect to
     * @param accounts   the local domains (nothing else is read: answers never reveal whether an account exists)
     * @param sslContext the server certificate, the same as IMAP's and SMTP's
     */
    public HttpServer(HttpSettings settings, ClientSettings client, AccountDirectory accounts, SslContext sslContext) {
        this(settings, client, accounts, sslContext, Optional.empty());
    }

    /**
     * @param metrics    the {@code /metrics} page and who may read it; empty serves none (404)
     */
    public HttpServer(HttpSettings settings, ClientSettings client, AccountDirectory accounts, SslContext sslContext,
                      Optional<MetricsEndpoint> metrics) {
        this(settings, client, accounts, CertificateRegistry.of(Objects.requireNonNull(sslContext, "sslContext")),
                metrics, new AcmeHttpChallenges());
    }

    /**
     * @param certificates the certificate per connection, the same registry as IMAP's and SMTP's
     * @param challenges   the ACME HTTP-01 challenges answered at {@code /.well-known/acme-challenge/}
     */
    public HttpServer(HttpSettings settings, ClientSettings client, AccountDirectory accounts,
                      CertificateRegistry certificates, Optional<MetricsEndpoint> metrics,
                      AcmeHttpChallenges challenges) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.certificates = Objects.requireNonNull(certificates, "certificates");
        this.router = new Router(routes(client, accounts, metrics, challenges), client);
        IoHandlerFactory ioFactory = Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.channelType = Epoll.isAvailable() ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        this.bossGroup = new MultiThreadIoEventLoopGroup(1, ioFactory);
        this.workerGroup = new MultiThreadIoEventLoopGroup(ioFactory);
    }

    private static List<Route> routes(ClientSettings client, AccountDirectory accounts,
                                      Optional<MetricsEndpoint> metrics, AcmeHttpChallenges challenges) {
        AutoconfigHandler autoconfig = new AutoconfigHandler(client, accounts);
        SetupPageHandler setupPage = new SetupPageHandler(client);
        List<Route> routes = new ArrayList<>(List.of(
                new Route("/", false, Route.GET, false, setupPage),
                new Route("/setup", false, Route.GET, false, setupPage),
                new Route("/setup.css", false, Route.GET, false, new StylesheetHandler()),
                // Thunderbird fetches autoconfig over plain HTTP too, and checks the result itself.
                new Route("/mail/config-v1.1.xml", false, Route.GET, true, autoconfig),
                new Route("/.well-known/autoconfig/mail/config-v1.1.xml", false, Route.GET, true, autoconfig),
                new Route("/autodiscover/autodiscover.xml", false, Route.POST, false, new AutodiscoverXmlHandler(client)),
                new Route("/autodiscover/autodiscover.json", true, Route.GET, false,
                        new AutodiscoverJsonHandler(client)),
                new Route("/apple/profile.mobileconfig", false, Route.GET, false, new AppleProfileHandler(client)),
                new Route("/.well-known/mta-sts.txt", false, Route.GET, false, new MtaStsHandler(client)),
                // Probes on the host itself often speak plain HTTP; the answer reveals nothing.
                new Route("/healthz", false, Route.GET, true, new HealthHandler()),
                // RFC 8555 §8.3: the ACME server fetches the key authorization over plain HTTP on port 80.
                new Route(AcmeChallengeHandler.PATH, true, Route.GET, true, new AcmeChallengeHandler(challenges))));
        // Scrapers usually speak plain HTTP; the handler answers only allowed addresses, the rest get a 404.
        metrics.ifPresent(endpoint -> routes.add(
                new Route("/metrics", false, Route.GET, true, new MetricsHandler(endpoint))));
        return routes;
    }

    /** Binds a listener and returns the bound address; throws {@link HttpBindException} if it cannot. */
    public InetSocketAddress listen(HttpListener listener) {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channel(channelType)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        HttpPipeline.configure(channel, listener, settings, certificates, router, handlers);
                    }
                });
        try {
            Channel channel = bootstrap.bind(listener.address()).syncUninterruptibly().channel();
            listening.add(channel);
            InetSocketAddress bound = (InetSocketAddress) channel.localAddress();
            LOG.info("{} listening on {}:{} ({})", listener.name(), bound.getHostString(), bound.getPort(),
                    listener.tls() ? "HTTPS" : "HTTP, redirecting to HTTPS");
            return bound;
        } catch (Exception e) {
            // Netty rethrows the bind failure's IOException undeclared, so catch every exception here.
            throw new HttpBindException(listener, e);
        }
    }

    @Override
    public void close() {
        for (Channel channel : listening) {
            channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        handlers.shutdownNow();
    }
}
