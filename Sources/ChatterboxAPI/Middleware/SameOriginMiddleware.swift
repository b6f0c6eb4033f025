import HTTPTypes
import Hummingbird

/// Keeps other web pages out of a server that has no keys (the default): any page a user visits
/// could otherwise drive it through their browser.
///
/// - DNS rebinding: a server listening on loopback answers only requests whose `Host` names
///   loopback (`localhost`, `*.localhost`, `127.x.x.x`, `[::1]`) or a name in `api.allowed_hosts`;
///   listening elsewhere, `api.allowed_hosts` (when set) is the list. Otherwise `403 host_not_allowed`.
/// - Cross-site requests: a state-changing request (`POST`, `PUT`, `PATCH`, `DELETE`) that carries an
///   `Origin` must come from this server itself or from `api.cors_origins`; else `403 origin_not_allowed`.
///   Clients that are not browsers send no `Origin` and are not affected.
struct SameOriginMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext
    /// Whether the server listens on a loopback address.
    let loopback: Bool
    let allowedHosts: [String]
    let corsOrigins: [String]

    init(listenHost: String, allowedHosts: [String], corsOrigins: [String]) {
        loopback = Self.isLoopback(listenHost)
        self.allowedHosts = allowedHosts.map { $0.lowercased() }
        self.corsOrigins = corsOrigins
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let host = request.head.authority ?? ""
        guard hostAllowed(host) else {
            throw APIError(.hostNotAllowed, message: "this server does not answer to Host '\(host.prefix(100))'; add it to api.allowed_hosts")
        }
        if [.post, .put, .patch, .delete].contains(request.method), let origin = request.headers[.origin], !originAllowed(origin, host: host) {
            throw APIError(.originNotAllowed, message: "requests from pages of \(origin.prefix(100)) may not change anything here; add the origin to api.cors_origins")
        }
        return try await next(request, context)
    }

    func hostAllowed(_ authority: String) -> Bool {
        // Browsers always send Host; a request without one (HTTP/1.0 tools) cannot be a rebinding attack.
        guard !authority.isEmpty else { return true }
        let name = Self.hostName(of: authority)
        if allowedHosts.contains("*") || allowedHosts.contains(name) { return true }
        guard loopback else { return allowedHosts.isEmpty }
        return Self.isLoopback(name)
    }

    func originAllowed(_ origin: String, host: String) -> Bool {
        if corsOrigins.contains("*") || corsOrigins.contains(origin) { return true }
        // Same origin: the page was served by this server under the name the request uses.
        guard let schemeEnd = origin.range(of: "://") else { return false }
        return origin[schemeEnd.upperBound...].lowercased() == host.lowercased()
    }

    /// `example.com:2050` -> `example.com`, `[::1]:2050` -> `::1`.
    static func hostName(of authority: String) -> String {
        let lowered = authority.lowercased()
        if lowered.hasPrefix("["), let close = lowered.firstIndex(of: "]") {
            return String(lowered[lowered.index(after: lowered.startIndex)..<close])
        }
        return String(lowered.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
    }

    static func isLoopback(_ name: String) -> Bool {
        let name = name.lowercased()
        if name == "localhost" || name.hasSuffix(".localhost") || name == "::1" { return true }
        let octets = name.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }
}
