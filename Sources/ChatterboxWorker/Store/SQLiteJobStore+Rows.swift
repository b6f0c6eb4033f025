import ChatterboxCore
import Foundation
import GRDB

extension JobRecord: FetchableRecord {}

extension Job {
    /// Decodes a `jobs` row.
    init(row: Row) throws {
        try self.init(try JobRecord(row: row))
    }
}

extension SQLiteJobStore {
    func fetchJob(_ db: Database, id: String) throws -> Job? {
        try Row.fetchOne(db, sql: "SELECT * FROM jobs WHERE id = ?", arguments: [id]).map(Job.init(row:))
    }

    func record(_ db: Database, _ id: String, _ kind: JobEvent.Kind, node: String? = nil, detail: String? = nil, at now: Date) throws {
        try db.execute(sql: "INSERT INTO job_events (job_id, kind, node, detail, at) VALUES (?, ?, ?, ?, ?)",
                       arguments: [id, kind.rawValue, node, detail, now.timeIntervalSince1970])
    }
}
