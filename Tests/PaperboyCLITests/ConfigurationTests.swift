import Foundation
import Testing

@Suite struct ConfigurationTests {
    @Test func environmentSuppliesTheDatabaseAndFlagsOverrideIt() async throws {
        let dir = try TemporaryDirectory()
        let fromEnv = dir.path("env.sqlite"), fromFlag = dir.path("flag.sqlite")
        let file = CLI.fixture("kaggle-snapshot.jsonl")
        #expect(try await CLI.run(["import", file], environment: ["PAPERBOY_DB": fromEnv], in: dir).status == 0)
        #expect(FileManager.default.fileExists(atPath: fromEnv))
        #expect(try await CLI.run(["import", "--db", fromFlag, file], environment: ["PAPERBOY_DB": fromEnv], in: dir).status == 0)
        #expect(FileManager.default.fileExists(atPath: fromFlag))
        // The default is ./paperboy.sqlite in the working directory.
        #expect(try await CLI.run(["import", file], in: dir).status == 0)
        #expect(FileManager.default.fileExists(atPath: dir.path("paperboy.sqlite")))
    }

    @Test func everyBadSettingIsNamedAtOnce() async throws {
        let dir = try TemporaryDirectory()
        let result = try await CLI.run(["stats"], environment: [
            "PAPERBOY_DB": "/nonexistent/dir/papers.sqlite", "PAPERBOY_LOG_LEVEL": "loud", "PAPERBOY_DBB": "typo",
        ], in: dir)
        #expect(result.status != 0)
        #expect(result.stderr.contains("PAPERBOY_DB: directory '/nonexistent/dir' does not exist"))
        #expect(result.stderr.contains("PAPERBOY_LOG_LEVEL: 'loud' is not one of"))
        #expect(result.stderr.contains("PAPERBOY_DBB: unknown setting"))

        let flag = try await CLI.run(["stats", "--db", ""], in: dir)
        #expect(flag.status != 0)
        #expect(flag.stderr.contains("--db: empty database path"))
    }

    @Test func passwordsInURLsAreNotEchoed() async throws {
        let dir = try TemporaryDirectory()
        // Nothing listens on port 1: the store reports the refused connection at once.
        let result = try await CLI.run(["stats", "--db", "postgres://paperboy:s3cret@127.0.0.1:1/papers"], in: dir)
        #expect(result.status != 0)
        #expect(result.stderr.contains("cannot open database 'postgres://paperboy@127.0.0.1:1/papers'"))
        #expect(result.stderr.contains("refused"))
        #expect(!result.stderr.contains("s3cret"))
        let bad = try await CLI.run(["stats", "--db", "postgres://paperboy:s3cret@localhost/papers?sslmode=maybe"], in: dir)
        #expect(bad.stderr.contains("sslmode must be disable, prefer or require"))
        // A password that makes no URL (a raw #) is masked all the same.
        let raw = try await CLI.run(["stats", "--db", "postgres://paperboy:pa#ssw0rd@localhost/papers"], in: dir)
        #expect(raw.status != 0)
        #expect(raw.stderr.contains("***"), "\(raw.stderr)")
        #expect(!raw.stderr.contains("ssw0rd"), "\(raw.stderr)")
        #expect(!bad.stderr.contains("s3cret"))
    }
}
