import ChatterboxCore
import Foundation
import PostgresNIO
import Testing
@testable import ChatterboxWorker

/// The CA of the test server's certificate, when the harness turned TLS on.
private let testCA = ProcessInfo.processInfo.environment["TEST_POSTGRES_CA"]

/// libpq's `sslmode` against a real PostgreSQL with TLS on and certificates made by openssl
/// (`scripts/test-postgres.sh tls DIR` prints the CA; the harness sets TEST_POSTGRES_CA).
@Suite("PostgreSQL TLS", .enabled(if: StoreKind.postgresURL != nil && testCA != nil, "needs the test PostgreSQL URL and TEST_POSTGRES_CA"))
struct PostgresTLSTests {
    static var ca: String? { testCA }

    /// The test URL with `host` and `query` swapped in, and its password taken out when asked.
    func url(host: String = "localhost", _ query: String, password: Bool = true) -> String {
        var parts = URLComponents(string: StoreKind.postgresURL!)!
        parts.host = host
        if !password { parts.password = nil }
        parts.query = query
        return parts.string!
    }

    func usesTLS(_ store: PostgresJobStore) async throws -> Bool {
        let row = try await store.client.query("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", logger: store.logger).collect().first
        return try row?.decode(Bool.self) ?? false
    }

    @Test func verifyFullWithTheRightCAIsEncrypted() async throws {
        let store = try await PostgresJobStore(url: url("sslmode=verify-full&sslrootcert=\(Self.ca!)"))
        #expect(try await store.serving { try await usesTLS($0) })
    }

    @Test func theDefaultPrefersTLSAndDisableIsPlaintext() async throws {
        let preferred = try await PostgresJobStore(url: url(""))
        #expect(try await preferred.serving { try await usesTLS($0) })
        let plain = try await PostgresJobStore(url: url("sslmode=disable"))
        #expect(try await plain.serving { try await usesTLS($0) } == false)
    }

    @Test func anotherCAIsRefusedInOneClearLine() async throws {
        let otherCA = URL(fileURLWithPath: Self.ca!).deletingLastPathComponent().appendingPathComponent("other-ca.pem").path
        let started = ContinuousClock.now
        do {
            _ = try await PostgresJobStore(url: url("sslmode=verify-full&sslrootcert=\(otherCA)"))
            Issue.record("a server certificate from another CA was accepted")
        } catch let error as ChatterboxError {
            #expect(!error.message.contains("\n"))
            #expect(error.message.contains("certificate"), "\(error.message)")
            #expect(!error.message.contains(URLComponents(string: StoreKind.postgresURL!)!.password!))
        }
        #expect(ContinuousClock.now - started < .seconds(10))
    }

    @Test func verifyFullChecksTheHostName() async throws {
        // The certificate names localhost only: 127.0.0.1 is the same server under a name it does not have.
        await #expect(throws: ChatterboxError.self) {
            _ = try await PostgresJobStore(url: url(host: "127.0.0.1", "sslmode=verify-full&sslrootcert=\(Self.ca!)"))
        }
        let caOnly = try await PostgresJobStore(url: url(host: "127.0.0.1", "sslmode=verify-ca&sslrootcert=\(Self.ca!)"))
        #expect(try await caOnly.serving { try await usesTLS($0) })
    }

    @Test func thePasswordCanComeFromASettingOrAFile() async throws {
        let password = URLComponents(string: StoreKind.postgresURL!)!.password!
        _ = try await PostgresJobStore(url: url("sslmode=require", password: false), password: password)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("pg-password-\(UUID().uuidString)")
        try (password + "\n").write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let fromFile = try await PostgresJobStore(url: url("sslmode=require", password: false), passwordFile: file.path)
        #expect(try await fromFile.serving { try await usesTLS($0) })
    }

    @Test func unknownModesAreRefused() async {
        await #expect(throws: ChatterboxError.self) { _ = try await PostgresJobStore(url: url("sslmode=sometimes")) }
    }
}
