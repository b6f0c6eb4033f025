import ChatterboxCore
import Foundation
import PostgresNIO
import Testing
@testable import ChatterboxWorker

/// A value in the store this release does not know (a newer release's status, a hand edit) is an error that
/// names it — never read as `failed` or `queued`.
@Suite("Unknown stored values")
struct StoredValueTests {
    /// Runs `sql` against the fixture's store directly.
    static func execute(_ sql: String, in fixture: StoreFixture) async throws {
        switch fixture.store {
        case let sqlite as SQLiteJobStore: try await sqlite.pool.write { db in try db.execute(sql: sql) }
        case let postgres as PostgresJobStore: _ = try await postgres.client.query(PostgresQuery(unsafeSQL: sql), logger: Logger(label: "test"))
        default: Issue.record("unknown store")
        }
    }

    @Test(arguments: StoreKind.available) func anUnknownStatusOrEventIsAnErrorThatNamesIt(_ kind: StoreKind) async throws {
        let fixture = try await StoreFixture(kind)
        defer { fixture.cleanup() }
        let job = try await fixture.enqueue()
        try await Self.execute("UPDATE jobs SET status = 'hibernating' WHERE id = '\(job.id)'", in: fixture)
        try await Self.execute("UPDATE job_events SET kind = 'teleported' WHERE job_id = '\(job.id)'", in: fixture)
        let named: (any Error) -> Bool = { error in
            let error = error as? ChatterboxError
            return error?.code == .unknownStoredValue && error?.kind == .internalFailure
                && (error?.message.contains("hibernating") == true || error?.message.contains("teleported") == true)
        }
        await #expect(performing: { _ = try await fixture.store.job(id: job.id) }, throws: named)
        await #expect(performing: { _ = try await fixture.store.counts() }, throws: named)
        await #expect(performing: { _ = try await fixture.store.events(id: job.id) }, throws: named)
    }
}
