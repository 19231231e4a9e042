import Foundation

/// SQL sources in the pipeline's terms.
extension DataPipeline {
    /// The cache-key description and builder of a SQL source. The queries run here, once: the key
    /// needs their rows' fingerprints (row count and SHA-256, `SQLResult.fingerprint`) next to the
    /// query texts, so a changed row is a new cache entry; the builder then reads the same rows.
    /// The URL is not part of the key: the same rows from a copy of the database hit the same entry.
    func resolveSQL(_ source: SQLSource) throws -> (String, [String], Builder) {
        let queries = source.queries
        func failure(_ key: String, _ query: String, _ error: any Error) -> any Error {
            guard let e = error as? SQLDriverError else { return error }
            return DataError.query(origin: source.origin, key: key, query: query, row: e.row, detail: e.detail)
        }
        let connection: any SQLConnection
        do { connection = try source.connector.connect(queries.sql) } catch {
            throw failure("sql", DataError.redacted(queries.sql), error)
        }
        defer { connection.close() }
        var results = [String: (query: String, result: SQLResult)]()
        var description = "sql"
        for (key, query) in queries.named {
            let result: SQLResult
            do { result = try connection.query(query) } catch { throw failure(key, query, error) }
            results[key] = (query, result)
            description += ";\(key)=\(query);\(key).\(result.fingerprint)"
            log("\(source.origin).\(key): \(result.rows.count) rows")
        }
        let name = Self.datasetName(queries.sql)
        let reader = SQLTableReader(origin: source.origin)
        let fetched = results
        return (description, [], {
            (try reader.dataset(name: name, interactions: fetched["interactions"]!, users: fetched["users"], items: fetched["items"]), nil)
        })
    }

    /// The dataset's name: the SQLite file's name without its extension, or the PostgreSQL database's.
    static func datasetName(_ url: String) -> String {
        if let path = SQLDatabaseKind.sqlitePath(url) {
            return (((path as NSString).lastPathComponent) as NSString).deletingPathExtension
        }
        let withoutQuery = url.split(separator: "?", maxSplits: 1).first.map(String.init) ?? url
        let database = withoutQuery.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? ""
        return database.isEmpty || database.contains("@") ? "postgres" : database
    }
}
