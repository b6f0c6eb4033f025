import Foundation

/// Files shipped with the server (the OpenAPI document, the web page), found without
/// SwiftPM's `Bundle.module`, which stops the process when its folder is missing. The folder
/// `chatterbox-tts_ChatterboxAPI.resources` is looked for beside the executable (where
/// `swift build` puts it; install it next to the binary), then under
/// `/usr/local/share/chatterbox_tts/`.
enum APIResources {
    static let folderName = "chatterbox-tts_ChatterboxAPI.resources"

    /// The folders searched, in order.
    static var candidates: [URL] {
        var folders: [URL] = []
        if let executable = Bundle.main.executableURL?.resolvingSymlinksInPath() {
            folders.append(executable.deletingLastPathComponent().appendingPathComponent(folderName))
        }
        folders.append(URL(fileURLWithPath: "/usr/local/share/chatterbox_tts").appendingPathComponent(folderName))
        return folders
    }

    /// The bytes of `Resources/<path>`, or `nil` when no folder has it.
    static func data(_ path: String) -> Data? {
        for folder in candidates {
            if let data = try? Data(contentsOf: folder.appendingPathComponent("Resources").appendingPathComponent(path)) { return data }
        }
        return nil
    }
}
