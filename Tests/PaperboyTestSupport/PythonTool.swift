import Foundation

/// Runs a script from Tests/tools with `python3`, feeding it lines on standard input and
/// reading its lines back: how the tests reach the real parsers Python has (html5lib, the
/// email package).
public enum PythonTool {
    /// Whether `python3` can import every one of `modules`. Blocks the calling thread (it is
    /// asked once, by `TestTools`' static properties).
    public static func available(_ modules: String...) -> Bool {
        let check = try? ChildProcess.runBlocking(["python3", "-c", modules.map { "import \($0)" }.joined(separator: "; ")])
        return check?.status == 0
    }

    /// True when CI asked for every tool: a missing one fails instead of skipping.
    public static var required: Bool { TestTools.required }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Sends `requests` (one JSON object each) to `script`, run in `dir`, and returns its
    /// answers in order. Input and output go through files, so no pipe can fill up and block,
    /// and the wait for the script blocks no thread.
    public static func run(_ script: String, _ requests: [[String: Any]], in dir: TemporaryDirectory) async throws -> [[String: Any]] {
        var input = Data()
        for request in requests {
            input += try JSONSerialization.data(withJSONObject: request)
            input.append(UInt8(ascii: "\n"))
        }
        let result = try await ChildProcess.run(["python3", ToolServer.toolPath(script)], directory: dir.url, input: input)
        guard result.status == 0 else { throw Failure(description: "\(script) exited with \(result.status)") }
        return try Data(result.stdout.utf8).split(separator: UInt8(ascii: "\n")).map { line in
            guard let object = try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else {
                throw Failure(description: "\(script) wrote a line that is not a JSON object")
            }
            return object
        }
    }
}

/// What html5lib made of one page.
public struct ParsedHTML {
    /// Every element in document order, with its attributes.
    public let elements: [(tag: String, attributes: [String: String])]
    public let text: String

    public init(_ json: [String: Any]) {
        elements = (json["elements"] as? [[Any]] ?? []).map { ($0[0] as? String ?? "", $0[1] as? [String: String] ?? [:]) }
        text = json["text"] as? String ?? ""
    }

    /// Parses documents (or fragments) with html5lib.
    public static func parse(_ documents: [String], fragment: Bool = false, in dir: TemporaryDirectory) async throws -> [ParsedHTML] {
        try await PythonTool.run("html_probe.py", documents.map { ["html": $0, "fragment": fragment] }, in: dir).map(ParsedHTML.init)
    }

    /// Every attribute name in the document.
    public var attributeNames: Set<String> { Set(elements.flatMap { $0.attributes.keys }) }

    public func first(_ tag: String, where match: ([String: String]) -> Bool = { _ in true }) -> [String: String]? {
        elements.first { $0.tag == tag && match($0.attributes) }?.attributes
    }
}
