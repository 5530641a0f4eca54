import Foundation
import PaperboyFuzzTargets
import PaperboyTestSupport
import Testing

/// Every finding of the fuzz campaigns (`scripts/fuzz.sh`), kept under Findings/TARGET,
/// runs through its target again, as do the recorded fixtures: a target that crashes or
/// breaks its property on any of them fails the test run (the process stops).
@Suite struct FuzzRegressionTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()

    static func files(in directory: URL) -> [URL] {
        ((try? FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)) ?? [])
            .filter { !$0.lastPathComponent.hasPrefix(".") }.sorted { $0.path < $1.path }
    }

    @Test(arguments: FuzzTargets.names) func findingsStayFixed(target: String) throws {
        for file in Self.files(in: Self.root.appendingPathComponent("Findings/\(target)")) {
            FuzzTargets.run(target, Array(try Data(contentsOf: file)))
        }
    }

    @Test func theFixturesPassEveryTarget() throws {
        let fixtures = URL(fileURLWithPath: TestFixtures.core())
        var ran = 0
        for file in Self.files(in: fixtures) where !file.hasDirectoryPath {
            let bytes = Array(try Data(contentsOf: file))
            guard bytes.count < 2_000_000 else { continue }
            switch file.pathExtension {
            case "xml": FuzzTargets.run("xml", [0] + bytes); FuzzTargets.run("xml", [1] + bytes)
            case "json", "jsonl": FuzzTargets.run("json", [0] + bytes); FuzzTargets.run("json", [1] + bytes); FuzzTargets.run("json", [2] + bytes)
            case "abs": FuzzTargets.run("abs", bytes)
            default: continue
            }
            ran += 1
        }
        #expect(ran >= 10)
        for text in ["video generation", "zzz\"\u{338})OR(learning\"\u{338}", "au:\"A\" -cat:cs.CR OR NEAR(x", "\"\u{338} autofocus onfocus=alert(1)"] {
            FuzzTargets.run("query", Array(text.utf8))
            FuzzTargets.run("escape", Array(text.utf8))
        }
    }
}
