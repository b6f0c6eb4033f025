import Foundation

extension Settings {
    /// A configured path as a file URL: absolute paths as they are, relative ones under
    /// `workingDirectory` (the original design's folders are relative to where the server runs).
    public static func resolve(_ path: String, in workingDirectory: URL) -> URL {
        if path.hasPrefix("/") { return URL(fileURLWithPath: path).standardizedFileURL }
        let expanded = path.hasPrefix("~/") ? NSHomeDirectory() + path.dropFirst() : path
        if expanded.hasPrefix("/") { return URL(fileURLWithPath: expanded).standardizedFileURL }
        return workingDirectory.appendingPathComponent(expanded).standardizedFileURL
    }
}
