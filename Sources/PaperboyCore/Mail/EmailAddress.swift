import Foundation

/// A validated mailbox address (`local@domain`), lowercased in its domain. Validation is
/// what the web form and the API apply at the edge: no spaces, no CR/LF, no angle brackets
/// or commas that could smuggle a second recipient or a header.
public struct EmailAddress: Hashable, Sendable, CustomStringConvertible, Codable {
    public let value: String

    public init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.utf8.count <= 254, trimmed.utf8.allSatisfy({ $0 > 32 && $0 < 127 }) else { return nil }
        let parts = trimmed.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, let local = parts.first, let domain = parts.last,
              (1...64).contains(local.count), (1...253).contains(domain.count) else { return nil }
        let localAllowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~.")
        guard local.allSatisfy(localAllowed.contains), !local.hasPrefix("."), !local.hasSuffix("."), !local.contains("..") else { return nil }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2 || domain.lowercased() == "localhost", labels.allSatisfy({ label in
            (1...63).contains(label.count) && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        }) else { return nil }
        value = "\(local)@\(domain.lowercased())"
    }

    /// The mailbox as rate limits count it: lowercased whole (`Flood@`, `FLOOD@` and
    /// `flood@` reach one inbox at nearly every provider) and without a `+tag`.
    public var canonical: String {
        let at = value.lastIndex(of: "@")!
        var local = value[..<at].lowercased()
        if let plus = local.firstIndex(of: "+"), plus != local.startIndex { local = String(local[..<plus]) }
        return local + value[at...].lowercased()
    }

    public var domain: String { String(value[value.index(after: value.lastIndex(of: "@")!)...]) }
    public var description: String { value }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let address = EmailAddress(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not an email address"))
        }
        self = address
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}
