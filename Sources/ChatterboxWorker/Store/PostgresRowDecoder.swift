import PostgresNIO

/// Decodes a `Decodable` record from a PostgreSQL row, column by name (the record's coding keys),
/// so the PostgreSQL store reads `JobRecord` exactly as the SQLite store does through GRDB.
/// Flat records of `PostgresDecodable` values only: what our tables hold.
struct PostgresRowDecoder: Decoder {
    let row: PostgresRandomAccessRow
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] = [:]

    init(_ row: PostgresRow) {
        self.row = row.makeRandomAccess()
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(Columns<Key>(row: row))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        throw DecodingError.typeMismatch([Any].self, .init(codingPath: codingPath, debugDescription: "a row is a keyed record"))
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        throw DecodingError.typeMismatch(Any.self, .init(codingPath: codingPath, debugDescription: "a row is a keyed record"))
    }

    private struct Columns<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let row: PostgresRandomAccessRow
        var codingPath: [any CodingKey] { [] }
        var allKeys: [Key] { [] }

        func contains(_ key: Key) -> Bool { row.contains(key.stringValue) }

        func decodeNil(forKey key: Key) throws -> Bool { row[key.stringValue].bytes == nil }

        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            guard let decodable = type as? any PostgresDecodable.Type else {
                throw DecodingError.typeMismatch(type, .init(codingPath: [key], debugDescription: "not a PostgreSQL column type"))
            }
            return try decodeColumn(decodable, key) as! T
        }

        private func decodeColumn<C: PostgresDecodable>(_ type: C.Type, _ key: Key) throws -> C {
            try row[key.stringValue].decode(C.self)
        }

        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
            throw DecodingError.typeMismatch(type, .init(codingPath: [key], debugDescription: "columns are flat"))
        }

        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            throw DecodingError.typeMismatch([Any].self, .init(codingPath: [key], debugDescription: "columns are flat"))
        }

        func superDecoder() throws -> any Decoder { throw DecodingError.typeMismatch(Any.self, .init(codingPath: [], debugDescription: "flat")) }
        func superDecoder(forKey key: Key) throws -> any Decoder { try superDecoder() }
    }
}
