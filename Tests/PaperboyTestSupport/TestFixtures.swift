import Foundation

/// The recorded fixtures, one copy each, found in the source tree (as `ToolServer` finds
/// Tests/tools): PaperboyCoreTests/Fixtures holds a file of every format the importers read,
/// PaperboyFetchTests/Fixtures the OAI-PMH pages the replay server serves. A test target that
/// needs one reads it from here instead of keeping a copy.
public enum TestFixtures {
    static let tests = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()

    /// A file of PaperboyCoreTests/Fixtures; the folder itself for "".
    public static func core(_ name: String = "") -> String { path("PaperboyCoreTests", name) }

    /// A file of PaperboyFetchTests/Fixtures; the folder itself for "".
    public static func fetch(_ name: String = "") -> String { path("PaperboyFetchTests", name) }

    /// A script of the repository's scripts/ folder.
    public static func script(_ name: String) -> String {
        tests.deletingLastPathComponent().appendingPathComponent("scripts").appendingPathComponent(name).path
    }

    private static func path(_ target: String, _ name: String) -> String {
        let folder = tests.appendingPathComponent(target).appendingPathComponent("Fixtures")
        return (name.isEmpty ? folder : folder.appendingPathComponent(name)).path
    }
}
