import ArgumentParser
import ChatterboxCore
import ChatterboxSetup
import Foundation

extension VoicesCommand {
    struct Search: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Search the voice catalog (voices.catalog_url) by name, language or quality; `voices install NAME` installs one.")
        @Argument(help: "Words every voice shown must match, e.g. 'en_GB medium' or 'german'.") var text: [String] = []
        @Flag(help: "Print JSON.") var json = false
        @OptionGroup var configOptions: ConfigOptions

        func run() async throws {
            let settings = try await configOptions.load().settings
            let catalog = try await VoiceCatalog.load(CatalogInstall.catalogURL(settings.voices.catalogURL))
            let found = catalog.search(text.joined(separator: " "))
            if json {
                let rows = found.map { ["name": $0.key, "language": $0.language.code, "quality": $0.quality ?? "", "bytes": String($0.size)] }
                let data = try JSONSerialization.data(withJSONObject: ["voices": rows], options: [.sortedKeys, .prettyPrinted])
                print(String(decoding: data, as: UTF8.self))
                return
            }
            let width = found.map(\.key.count).max() ?? 10
            for entry in found {
                let language = [entry.language.nameEnglish, entry.language.countryEnglish].compactMap { $0 }.joined(separator: ", ")
                let speakers = (entry.numSpeakers ?? 1) > 1 ? ", \(entry.numSpeakers!) speakers" : ""
                print(entry.key.padding(toLength: width + 2, withPad: " ", startingAt: 0)
                      + "\(entry.language.code)  \(language)  \(entry.quality ?? "")\(speakers)  \(entry.size / 1_000_000) MB")
            }
            print("\(found.count) of \(catalog.entries.count) voices in \(catalog.url.absoluteString)")
        }
    }
}

/// `voices install NAME`: a catalog voice downloaded (resumably, verified), with a progress bar on a terminal
/// and a line per quarter otherwise.
struct CatalogInstall {
    let settings: Settings
    let folder: URL

    static func catalogURL(_ setting: String) -> URL {
        setting.hasPrefix("http://") || setting.hasPrefix("https://") ? URL(string: setting)! : URL(fileURLWithPath: setting)
    }

    func run(_ key: String, replace: Bool) async throws -> VoiceInstaller.Installed {
        let catalog = try await VoiceCatalog.load(Self.catalogURL(settings.voices.catalogURL))
        var download = CatalogDownload(catalog: catalog, installer: VoiceInstaller(folder: folder, onnxruntimeLibrary: settings.engines.onnxruntimeLibrary))
        let terminal = isatty(STDERR_FILENO) == 1
        let shown = ShownProgress()
        download.progress = { done, total in
            let percent = total > 0 ? done * 100 / total : 100
            guard shown.advance(to: terminal ? percent : percent / 25 * 25) else { return }
            let bar = String(repeating: "#", count: percent / 5).padding(toLength: 20, withPad: " ", startingAt: 0)
            let line = String(format: "%@ [%@] %3d%%  %.1f / %.1f MB", key, bar, percent, Double(done) / 1e6, Double(total) / 1e6)
            FileHandle.standardError.write(Data((terminal ? "\r" + line : line + "\n").utf8))
        }
        defer { if terminal { FileHandle.standardError.write(Data("\n".utf8)) } }
        return try await download.install(key, replace: replace)
    }
}

/// The last percentage shown, so each is printed once.
final class ShownProgress: @unchecked Sendable {
    private let lock = NSLock()
    private var last = -1

    func advance(to percent: Int) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard percent > last else { return false }
        last = percent
        return true
    }
}
