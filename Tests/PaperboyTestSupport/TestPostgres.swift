import Foundation

/// The PostgreSQL server of the tests: `PAPERBOY_TEST_POSTGRES_URL`, which `.ci/run` sets
/// after starting a throw-away cluster (`scripts/postgres-test-cluster.sh`).
public enum TestPostgres {
    public static let url = ProcessInfo.processInfo.environment["PAPERBOY_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }

    /// The server's URL with a schema no other test uses (created by the store on open).
    public static func freshSchemaURL() throws -> String {
        guard let url else {
            throw TestToolMissing(description: "PAPERBOY_TEST_POSTGRES_URL is not set (start one with scripts/postgres-test-cluster.sh)")
        }
        let schema = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        return url + (url.contains("?") ? "&" : "?") + "schema=" + schema
    }
}

public struct TestToolMissing: Error, CustomStringConvertible {
    public var description: String
}
