import Foundation

/// Whether the tools a test needs are here, for Swift Testing's `.enabled(if:)`: a plain
/// `swift test` on a machine without them reports those tests as skipped (never as passed),
/// and CI, which installs every tool and sets PAPERBOY_TEST_REQUIRE_TOOLS=1, runs them all,
/// so a missing tool there is a failure.
public enum TestTools {
    public static let required = ProcessInfo.processInfo.environment["PAPERBOY_TEST_REQUIRE_TOOLS"] == "1"

    public static let aiosmtpd = required || PythonTool.available("aiosmtpd")
    public static let html5lib = required || PythonTool.available("html5lib")
    public static let schemathesis = required || PythonTool.available("schemathesis")
    public static let openssl = required || executable("openssl")
    public static let chromium = required || ["chromium", "chromium-browser", "google-chrome"].contains(where: executable)
    /// Selenium and chromedriver, to drive Chromium through forms as a reader does.
    public static let selenium = required || (PythonTool.available("selenium") && executable("chromedriver") && chromium)

    /// A PostgreSQL server for the store suites (`TestPostgres`).
    public static let postgres = required || TestPostgres.url != nil

    /// nginx, the load balancer of the cluster tests (Debian's, in /usr/sbin).
    public static let nginx = required || executable("nginx") || FileManager.default.isExecutableFile(atPath: "/usr/sbin/nginx")

    /// The embedding model in `directory` (installed by scripts/install-model.sh).
    public static func model(at directory: String) -> Bool {
        required || FileManager.default.fileExists(atPath: directory + "/model.safetensors")
    }

    /// An executable of that name on PATH.
    public static func executable(_ name: String) -> Bool {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(name)") }
    }
}
