import Foundation
import Testing

/// The API keeps the contract of its own /openapi.json: schemathesis (every check, the
/// stateful phase included, seeded and bounded) runs against a real `paperboy serve` with
/// embedded papers, so every search mode answers, signed in with a reader's API token.
@Suite(.serialized) struct APIContractTests {
    static let model = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("models/all-MiniLM-L6-v2")
    static let ready = TestTools.schemathesis && TestTools.model(at: model.path)
    /// Its command-line entry point, through whichever python3 is first on PATH.
    static let schemathesis = ["python3", "-c", "import sys; from schemathesis.cli import schemathesis; sys.argv[0] = 'schemathesis'; schemathesis()"]

    @Test(.enabled(if: ready)) func schemathesisFindsNoMismatch() async throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("paperboy.sqlite")
        let environment = ["PAPERBOY_MODEL_DIR": Self.model.path]
        // A dozen real papers, embedded, so semantic and hybrid search work.
        let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/PaperboyServer/Resources/sample-papers.jsonl.gz").path
        let slice = try await CLI.run(["sh", "-c", "gzip -dc \"$0\" | head -n 12 > small.jsonl", sample], executable: URL(fileURLWithPath: "/usr/bin/env"), in: dir)
        try #require(slice.status == 0)
        try #require(try await CLI.run(["import", "--db", db, dir.path("small.jsonl")], in: dir).status == 0)
        let embed = try await CLI.run(["embed", "--db", db], environment: environment, in: dir)
        try #require(embed.status == 0, "\(embed.stderr)")

        let server = try await ServeCommandTests.Server(arguments: ["--no-sample"], environment: environment, in: dir)
        defer { server.terminate() }
        // A reader's API token, so the library, ratings and for-you routes answer too (and the
        // auth checks see them refuse requests without it).
        let token = try await server.apiToken(email: "contract@example.org")
        let run = try await CLI.run(Self.schemathesis + ["run", server.url + "/openapi.json", "--checks", "all", "--max-examples", "40",
                                     "--seed", "20261201", "--no-color", "--header", "Authorization: Bearer \(token)"],
                                    executable: URL(fileURLWithPath: "/usr/bin/env"), in: dir)
        #expect(run.status == 0, "\(run.stdout.suffix(12_000))")
        #expect(run.stdout.contains("Stateful"), "the stateful phase ran")
    }
}
