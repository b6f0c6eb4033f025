import ChatterboxCore
import Logging
import ServiceLifecycle

/// Loads the default voice at start and speaks one word with it, then marks the server ready
/// (`/ready` answers 200). A voice that fails leaves the server up but not ready, with the
/// reason in `/health`; the fallback chain still serves requests.
struct EngineWarmup: Service {
    let environment: APIEnvironment
    let logger: Logger

    func run() async throws {
        let voice = environment.settings.processing.model
        do {
            let stream = try await environment.processor.stream(SynthesisRequest(text: "Ready."), voice: voice)
            for try await _ in stream.chunks {}
            environment.readiness.markReady()
            logger.notice("voice \(voice) loaded; ready")
        } catch {
            environment.readiness.markNotReady("voice \(voice) failed to load: \(error)")
            logger.error("voice \(voice) failed to load: \(error)")
        }
        try? await gracefulShutdown()
    }
}
