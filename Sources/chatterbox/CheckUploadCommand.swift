import ArgumentParser
import ChatterboxCore
import Foundation

/// `chatterbox check-upload` (hidden): one uploaded file checked in a process of its own (`UploadCheck` starts it),
/// so a file that crashes libsndfile or ONNX Runtime takes only this process down.
struct CheckUploadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-upload", abstract: "Check one uploaded voice file (started by chatterbox itself).", shouldDisplay: false)

    @Argument(help: "clip IN OUT, or piper MODEL CONFIG ORT_LIBRARY")
    var arguments: [String] = []

    func run() throws {
        Foundation.exit(UploadCheck.serve(arguments))
    }
}
