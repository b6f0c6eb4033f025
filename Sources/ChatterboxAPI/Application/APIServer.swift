import ChatterboxCore
import ChatterboxWorker
import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle

/// The application factory: the router with its middleware and routes, and the services that
/// run beside the HTTP server in one group — engine warm-up, the metrics listener and whatever
/// the caller adds (the job runner, the folder watcher). Graceful shutdown stops the server
/// first (no new requests; running ones finish), then the other services in reverse order.
public enum APIServer {
    /// Builds the router (middleware first, so it wraps every route and unmatched paths).
    public static func router(environment: APIEnvironment) -> Router<APIRequestContext> {
        let router = Router(context: APIRequestContext.self)
        let api = environment.settings.api
        router.add(middleware: RequestLogMiddleware(metrics: environment.metrics))
        router.add(middleware: CORSPolicyMiddleware(origins: api.corsOrigins))
        router.add(middleware: SecurityHeadersMiddleware())
        router.add(middleware: ErrorMiddleware())
        router.add(middleware: SameOriginMiddleware(listenHost: api.host, allowedHosts: api.allowedHosts, corsOrigins: api.corsOrigins))
        router.add(middleware: AuthMiddleware(keys: api.apiKeys))
        router.add(middleware: RateLimitMiddleware(perMinute: api.rateLimit, burst: api.rateBurst))
        JobRoutes(environment: environment).register(on: router)
        SpeechRoutes(environment: environment).register(on: router)
        CatalogRoutes(environment: environment).register(on: router)
        VoiceDetailRoute(environment: environment).register(on: router)
        VoiceLibraryRoutes(environment: environment).register(on: router)
        HealthRoutes(environment: environment).register(on: router)
        DocumentRoutes(environment: environment).register(on: router)
        WebRoutes(environment: environment).register(on: router)
        return router
    }

    /// The whole server. `services` (runner, folder watcher) run in the application's group.
    public static func application(
        environment: APIEnvironment, host: String? = nil, port: Int? = nil, services: [any Service] = [],
        logger: Logger = Logger(label: "chatterbox.api"), onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let settings = environment.settings
        let host = host ?? settings.api.host
        var all: [any Service] = services
        all.append(EngineWarmup(environment: environment, logger: logger))
        if settings.monitoring.enabled {
            all.append(MetricsServer.application(host: host, port: settings.monitoring.metricsPort, store: environment.store, logger: logger))
        } else {
            MetricsServer.bootstrap()
        }
        let configuration = ApplicationConfiguration(address: .hostname(host, port: port ?? settings.api.port), serverName: "chatterbox")
        let workers = settings.api.workers
        let writeTimeout = TimeAmount.seconds(Int64(settings.api.writeTimeoutSeconds))
        let http = HTTP1Channel.Configuration(additionalChannelHandlers: [WriteTimeoutHandler(timeout: writeTimeout)],
                                              idleTimeout: .seconds(Int64(settings.api.idleTimeoutSeconds)))
        return Application(router: router(environment: environment), server: .http1(configuration: http), configuration: configuration, services: all,
                           onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
                           eventLoopGroupProvider: workers > 0 ? .shared(MultiThreadedEventLoopGroup(numberOfThreads: workers)) : .singleton,
                           logger: logger)
    }
}
