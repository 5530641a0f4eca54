/// One SMTP reply: its code and the text of each line (a multi-line reply has several).
public struct SMTPResponse: Sendable, CustomStringConvertible {
    public var code: Int
    public var lines: [String]

    public var isPositive: Bool { (200..<400).contains(code) }
    public var isTemporaryFailure: Bool { (400..<500).contains(code) }
    public var description: String { "\(code) \(lines.joined(separator: " / "))" }
}
