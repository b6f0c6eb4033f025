import ChatterboxCore
import ChatterboxWorker
import Foundation

/// What `chatterbox batch` shows: a progress bar on a terminal (files done/total, audio seconds,
/// ETA), plain lines otherwise, and a summary.
struct BatchProgress: Sendable {
    let interactive: Bool
    private var tracked: [(name: String, id: String)] = []
    private var finished: [String: Job] = [:]
    private var skipped: [String] = []
    private var rejected: [(String, String)] = []
    private let started = Date()

    init(interactive: Bool) {
        self.interactive = interactive
    }

    mutating func skipped(_ name: String) {
        skipped.append(name)
        if !interactive { print("skip \(name): output exists") }
    }

    mutating func rejected(_ name: String, reason: String) {
        rejected.append((name, reason))
        print("fail \(name): \(reason)")
    }

    mutating func track(_ name: String, job: Job) {
        tracked.append((name, job.id))
    }

    /// Reads the tracked jobs; prints what changed. Returns whether any is still unfinished.
    mutating func update(from store: any JobStore) async throws -> Bool {
        var audio = 0.0
        for (name, id) in tracked where finished[id] == nil {
            guard let job = try await store.job(id: id) else { continue }
            if job.status.isFinal {
                finished[id] = job
                if interactive { print("\r\u{1B}[K", terminator: "") }
                switch job.status {
                case .succeeded: print("done \(name) -> \(job.outputPath ?? "?") (\(String(format: "%.1f", job.audioSeconds)) s\(job.fallbackReason == nil ? "" : ", spoken by \(job.spokenBy ?? "?")"))")
                default: print("fail \(name): \(job.errorMessage ?? job.status.rawValue)")
                }
            } else {
                audio += job.audioSeconds
            }
        }
        audio += finished.values.reduce(0) { $0 + $1.audioSeconds }
        if interactive { drawBar(audio: audio) }
        return finished.count < tracked.count
    }

    private func drawBar(audio: Double) {
        let total = tracked.count, done = finished.count
        let width = 30
        let filled = total == 0 ? width : width * done / total
        let elapsed = Date().timeIntervalSince(started)
        let eta = done == 0 ? "--:--" : Self.clock(elapsed / Double(done) * Double(total - done))
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        print("\r\u{1B}[K[\(bar)] \(done)/\(total) files, \(String(format: "%.1f", audio)) s audio, ETA \(eta)", terminator: "")
        fflush(nil)  // all output streams: stdout is global C state
    }

    var allSucceeded: Bool {
        rejected.isEmpty && finished.values.allSatisfy { $0.status == .succeeded }
    }

    func finish() {
        if interactive { print("\r\u{1B}[K", terminator: "") }
        let succeeded = finished.values.filter { $0.status == .succeeded }.count
        let failed = finished.count - succeeded + rejected.count
        let audio = finished.values.reduce(0) { $0 + $1.audioSeconds }
        print("\(tracked.count + skipped.count + rejected.count) files: \(succeeded) succeeded, \(failed) failed, \(skipped.count) skipped (output exists); "
              + "\(String(format: "%.1f", audio)) s of audio in \(Self.clock(Date().timeIntervalSince(started)))")
    }

    static func clock(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        return String(format: "%d:%02d", total / 60, total % 60)
    }
}
