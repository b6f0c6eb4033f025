import ArgumentParser
import ChatterboxCore
import Foundation

/// `chatterbox espeak-helper` (hidden): the process in which libespeak-ng runs for a server or a CLI
/// command (`EspeakHelper` starts it; it serves frames on stdin/stdout until its input ends).
struct EspeakHelperCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "espeak-helper", abstract: "Serve espeak-ng requests on stdin/stdout (started by chatterbox itself).",
        shouldDisplay: false)

    func run() throws {
        // A Ctrl-C or SIGTERM meant for the server reaches its whole process group; the helper keeps
        // serving the requests the server finishes and exits when the server closes its input.
        signal(SIGINT, SIG_IGN)
        signal(SIGTERM, SIG_IGN)
        Foundation.exit(EspeakHelperServer.run())
    }
}
