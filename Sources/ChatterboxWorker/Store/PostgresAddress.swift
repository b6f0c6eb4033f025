import ChatterboxCore
import Foundation
import Logging
import NIOSSL
import PostgresNIO

/// What `jobs.store = postgres://user[:password]@host[:port]/database[?schema=&sslmode=&sslrootcert=]`
/// says, as a PostgresNIO configuration. TLS follows libpq's `sslmode`:
/// `disable` (plaintext), `allow`/`prefer` (TLS when the server offers it, unverified; the default, as
/// in libpq), `require` (TLS, unverified — or verified against `sslrootcert` when given, as libpq
/// does), `verify-ca` (TLS, chain checked) and `verify-full` (chain and host name checked).
/// `sslrootcert` names the CA file; without one the system's roots are used. The password comes from
/// the URL, or `jobs.store_password`, or the file `jobs.store_password_file` (first line).
struct PostgresAddress {
    var configuration: PostgresClient.Configuration
    var schema: String?
    /// The URL without its password, for logs and messages.
    var description: String

    init(url: String, password: String = "", passwordFile: String = "") throws {
        guard let parts = URLComponents(string: url), ["postgres", "postgresql"].contains(parts.scheme ?? ""),
              let host = parts.host, !host.isEmpty else {
            throw Self.invalid("jobs.store '\(Secrets.mask(url))' is not postgres://user[:password]@host[:port]/database[?schema=NAME&sslmode=MODE]")
        }
        func query(_ name: String) -> String? { parts.queryItems?.first { $0.name == name }?.value }
        schema = query("schema")
        if let schema, schema.isEmpty || !schema.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) {
            throw Self.invalid("schema '\(schema)' must be letters, digits and _")
        }
        let secret = try parts.password ?? Self.password(password, file: passwordFile)
        let database = String(parts.path.dropFirst())
        let (mode, tls, required) = try Self.tls(mode: query("sslmode") ?? "prefer", rootCertificate: query("sslrootcert"))
        configuration = PostgresClient.Configuration(
            host: host, port: parts.port ?? 5432, username: parts.user ?? "postgres", password: secret,
            database: database.isEmpty ? nil : database, tls: mode)
        probe = try PostgresConnection.Configuration(
            host: host, port: parts.port ?? 5432, username: parts.user ?? "postgres", password: secret,
            database: database.isEmpty ? nil : database, tls: tls.map { try Self.connectionTLS(required: required, $0) } ?? .disable)
        description = "postgres://\(parts.user ?? "postgres")@\(host):\(parts.port ?? 5432)\(parts.path)"
    }

    /// The same address for one plain connection: the pool retries a refused connection for a minute
    /// without saying why, so start-up connects once first and reports what went wrong.
    var probe: PostgresConnection.Configuration

    /// Connects once and disconnects; a failure is one line (refused, bad password, certificate, …).
    func check(logger: Logger) async throws {
        do {
            let connection = try await PostgresConnection.connect(configuration: probe, id: 0, logger: logger)
            try await connection.close()
        } catch {
            throw ChatterboxError.io("cannot open job store \(description): \(Self.reason(error))")
        }
    }

    /// A connection error in one line, without the server's whole reply.
    static func reason(_ error: any Error) -> String {
        guard let psql = error as? PSQLError else { return Secrets.mask("\(error)") }
        if let message = psql.serverInfo?[.message] { return "the server said: \(message)" }
        if let underlying = psql.underlying {
            let text = "\(underlying)"
            if text.contains("CERTIFICATE_VERIFY_FAILED") {
                return "the server's TLS certificate is not signed by a trusted CA (sslrootcert) (CERTIFICATE_VERIFY_FAILED)"
            }
            if text.contains("alidateHostname") || text.contains("HOSTNAME_MISMATCH") {
                return "the server's TLS certificate does not name this host (sslmode=verify-full checks it; connect by the name in the certificate)"
            }
            return "\(psql.code): \(Secrets.mask(text))"
        }
        return "\(psql.code)"
    }

    private static func connectionTLS(required: Bool, _ tls: TLSConfiguration) throws -> PostgresConnection.Configuration.TLS {
        let context = try NIOSSLContext(configuration: tls)
        return required ? .require(context) : .prefer(context)
    }

    static func password(_ value: String, file: String) throws -> String? {
        if !value.isEmpty { return value }
        guard !file.isEmpty else { return nil }
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            throw ChatterboxError(.storeTooNew, message: "cannot read jobs.store_password_file \(file)", field: "jobs.store_password_file")
        }
        return text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
    }

    /// The pool's TLS mode, the TLS configuration it uses (nil when off) and whether TLS is required.
    static func tls(mode: String, rootCertificate: String?) throws -> (PostgresClient.Configuration.TLS, TLSConfiguration?, Bool) {
        var tls = TLSConfiguration.makeClientConfiguration()
        if let rootCertificate {
            guard FileManager.default.isReadableFile(atPath: rootCertificate) else {
                throw invalid("sslrootcert \(rootCertificate) cannot be read")
            }
            tls.trustRoots = .file(rootCertificate)
        }
        switch mode {
        case "disable":
            return (.disable, nil, false)
        case "allow", "prefer":
            tls.certificateVerification = .none
            return (.prefer(tls), tls, false)
        case "require":
            tls.certificateVerification = rootCertificate == nil ? .none : .noHostnameVerification
            return (.require(tls), tls, true)
        case "verify-ca":
            tls.certificateVerification = .noHostnameVerification
            return (.require(tls), tls, true)
        case "verify-full":
            tls.certificateVerification = .fullVerification
            return (.require(tls), tls, true)
        default:
            throw invalid("sslmode '\(mode)' is not one of disable, allow, prefer, require, verify-ca, verify-full")
        }
    }

    private static func invalid(_ message: String) -> ChatterboxError {
        ChatterboxError(.invalidStore, message: message, field: "jobs.store")
    }
}
