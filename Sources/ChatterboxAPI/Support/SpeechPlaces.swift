import ChatterboxCore
import Synchronization

/// Places for direct syntheses: at most `api.speech_concurrency` run at once (the rest wait in
/// order), and one client (API key, else address) may hold or wait for at most
/// `api.speech_per_client` of them — more get `429 speech_busy` at once, so one client cannot
/// take every place from the others.
final class SpeechPlaces: Sendable {
    private let gate: AsyncGate
    private let perClient: Int
    private let held = Mutex<[String: Int]>([:])

    init(concurrency: Int, perClient: Int) {
        gate = AsyncGate(limit: concurrency)
        self.perClient = Swift.max(1, perClient)
    }

    /// Waits for a place for `client`; throws `429` when the client already has its share.
    func enter(client: String) async throws {
        let admitted = held.withLock { held in
            guard held[client, default: 0] < perClient else { return false }
            held[client, default: 0] += 1
            return true
        }
        guard admitted else {
            var error = APIError(.speechBusy, message: "this client already has \(perClient) speech request(s) running or waiting (api.speech_per_client); retry when one ends")
            error.headers[.retryAfter] = "1"
            throw error
        }
        do {
            try await gate.enter()
        } catch {
            held.withLock { held in
                held[client, default: 1] -= 1
                if held[client] == 0 { held[client] = nil }
            }
            throw error
        }
    }

    /// Gives the place back.
    func leave(client: String) async {
        held.withLock { held in
            held[client, default: 1] -= 1
            if held[client] == 0 { held[client] = nil }
        }
        await gate.leave()
    }
}
