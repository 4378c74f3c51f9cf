package dev.parley.gateway;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import dev.parley.accounts.AuthFailures;
import dev.parley.accounts.Tokens;
import dev.parley.conversations.ConversationAccess;
import dev.parley.conversations.History;
import dev.parley.conversations.ReadPositions;
import dev.parley.conversations.ResumeSource;
import dev.parley.messaging.MessageSender;
import dev.parley.routing.Directory;
import dev.parley.tracing.MessageTracing;
import io.micrometer.core.instrument.MeterRegistry;
import dev.parley.system.OnRole;
import dev.parley.system.Quota;
import dev.parley.system.Role;
import dev.parley.routing.Notifications;
import dev.parley.rooms.Rooms;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import dev.parley.log.Backlogs;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.reactive.socket.server.upgrade.ReactorNettyRequestUpgradeStrategy;
import reactor.netty.http.server.WebsocketServerSpec;
import tools.jackson.databind.json.JsonMapper;

/**
 * The WebSocket gateway: {@code /ws} (and its alias {@code /socket/connect}, and the paths of
 * other {@link WebSocketEndpoint}s) → token check →
 * upgrade with a frame-size limit → {@link ChatSocketHandler} → one {@link FrameHandler} per frame type.
 */
@Configuration(proxyBeanMethods = false)
class GatewayConfiguration {

    /**
     * Event loops owned by this application rather than Reactor Netty's JVM-wide ones, which the
     * first application to stop would dispose for every other one in the same JVM (tests run
     * several nodes in one JVM).
     */
    @Bean
    WebSocketPaths webSocketPaths(List<WebSocketEndpoint> endpoints) {
        return new WebSocketPaths(endpoints);
    }

    @Bean
    org.springframework.web.server.WebFilter upgradeOrigins(OriginSettings settings, JsonMapper json, WebSocketPaths paths) {
        return new UpgradeOrigins(settings.allowedOrigins(), json, paths);
    }

    @Bean
    ReactorResourceFactory reactorResourceFactory() {
        ReactorResourceFactory factory = new ReactorResourceFactory();
        factory.setUseGlobalResources(false);
        // By the time these loops stop, the server has closed its connections. Netty's default waits for
        // 2 s without a task, which EventLoopLag's probes (every 100 ms, stopped only later) never
        // allow, so every stop took the whole 15 s timeout.
        factory.setShutdownQuietPeriod(java.time.Duration.ZERO);
        factory.setShutdownTimeout(java.time.Duration.ofSeconds(5));
        return factory;
    }

    @Bean
    SessionRegistry sessionRegistry(Directory directory, org.springframework.context.ApplicationEventPublisher events) {
        return new SessionRegistry(directory, events);
    }

    @Bean(destroyMethod = "stop")
    Heartbeats heartbeats(SessionRegistry registry, GatewaySettings settings, Clock clock, dev.parley.accounts.DenyList revoked) {
        return new Heartbeats(registry, settings, clock, revoked);
    }

    /** The "gateway" stage of the node's backlogs: how late the event loops run what is queued on them. */
    @Bean(destroyMethod = "stop")
    EventLoopLag eventLoopLag(ReactorResourceFactory resources, Backlogs backlogs, GatewaySettings settings) {
        EventLoopLag lag = new EventLoopLag(resources.getLoopResources().onServer(true));
        backlogs.register(GatewayHealth.STAGE, lag, settings.maxEventLoopLag());
        return lag;
    }

    @Bean
    GatewayHealth gatewayHealth(Backlogs backlogs, SessionRegistry registry) {
        return new GatewayHealth(backlogs, registry);
    }

    @Bean
    ReactorNettyConnections reactorNettyConnections() {
        return new ReactorNettyConnections();
    }

    @Bean
    GatewayMetrics gatewayMetrics(MeterRegistry meters, SessionRegistry registry) {
        return new GatewayMetrics(meters, registry::connections, registry::connectedUsers);
    }

    @Bean
    ChatSocketHandler chatSocketHandler(SessionRegistry registry, MessageSender sender, Rooms rooms, History history,
                                        ConversationAccess access, ReadPositions positions, Notifications notifications,
                                        ResumeSource resume, GatewaySettings settings, JsonMapper json, ReactorNettyConnections netty,
                                        GatewayMetrics metrics, MessageTracing tracing, Draining draining, FrameLimits frameLimits,
                                        GatewayLimits limits) {
        List<FrameHandler> handlers = new java.util.ArrayList<>(SendHandler.all(sender, draining));
        handlers.addAll(List.of(
                RoomHandlers.join(rooms),
                RoomHandlers.leave(rooms),
                new HistoryHandler(history),
                new ReadHandler(access, positions, notifications, new Quota<>(frameLimits.readsPerSecond(), frameLimits.readBurst())),
                new TypingHandler(access, notifications, new Quota<>(frameLimits.typingPerSecond(), frameLimits.typingBurst())),
                new ResumeHandler(resume, metrics, limits),
                new PingHandler()));
        return new ChatSocketHandler(registry, new FrameDispatcher(json, handlers, metrics), settings, json, netty, metrics, tracing, limits);
    }

    @Bean
    @OnRole(Role.GATEWAY)
    HandlerMapping webSocketMapping(ChatSocketHandler handler, WebSocketPaths paths) {
        Map<String, Object> handlers = new java.util.HashMap<>();
        paths.endpoints().forEach((path, endpoint) -> handlers.put(path, new AuthenticatingWebSocketService.Endpoint(endpoint, handler)));
        return new SimpleUrlHandlerMapping(handlers, Ordered.HIGHEST_PRECEDENCE);
    }

    /**
     * Replaces WebFlux's WebSocket service: check the token, then upgrade with a frame-size limit
     * (a larger frame is refused by Netty's decoder, which closes the connection with 1009).
     */
    @Bean
    WebFluxConfigurer webSocketService(GatewaySettings settings, GatewayLimits limits, Tokens tokens, JsonMapper json, AuthFailures failures) {
        var upgrade = new ReactorNettyRequestUpgradeStrategy(() -> WebsocketServerSpec.builder()
                .maxFramePayloadLength(settings.maxFrameBytes()));
        var handshake = new HandshakeWebSocketService(upgrade);
        WebSocketService service = new AuthenticatingWebSocketService(handshake, tokens, json, failures,
                new AddressConnections(limits.connectionsPerAddress()));
        return new WebFluxConfigurer() {
            @Override
            public WebSocketService getWebSocketService() {
                return service;
            }
        };
    }

    /** Every accepted connection must send its request head within parley.limits.gateway.handshake-timeout (and keep-alive-timeout after a response). */
    @Bean
    org.springframework.boot.reactor.netty.NettyServerCustomizer handshakeDeadline(GatewayLimits limits) {
        return server -> HandshakeDeadline.on(server, limits.handshakeTimeout(), limits.keepAliveTimeout());
    }

    @Bean
    Draining draining() {
        return new Draining();
    }

    /** The first stage of a stop: readiness DOWN, then every WebSocket answered and closed with 1001 (see {@link Drain}). */
    @Bean
    @OnRole(Role.GATEWAY)
    Drain drain(SessionRegistry registry, dev.parley.routing.RoutingCatchUp routing, Draining draining, DrainSettings settings,
                org.springframework.boot.availability.ApplicationAvailability availability,
                org.springframework.context.ApplicationEventPublisher events) {
        return new Drain(registry, routing, draining, settings, availability, events);
    }

    @Bean
    @OnRole(Role.GATEWAY)
    org.springframework.web.server.WebFilter drainFilter(Draining draining, WebSocketPaths paths) {
        return new DrainFilter(draining, paths);
    }
}
