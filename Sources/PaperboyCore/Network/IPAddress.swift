#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An IPv4 or IPv6 address as its bytes (4 or 16), parsed by the C library's `inet_pton`.
/// IPv4-mapped IPv6 addresses (`::ffff:1.2.3.4`) are read as the IPv4 address they carry.
public struct IPAddress: Hashable, Sendable, CustomStringConvertible {
    public let bytes: [UInt8]

    public init?(_ text: some StringProtocol) {
        var text = String(text.trimmingWhitespace())
        if text.hasPrefix("[") && text.hasSuffix("]") { text = String(text.dropFirst().dropLast()) }
        guard !text.isEmpty, text.utf8.count <= 64, text.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 0x20 }) else { return nil }
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            bytes = withUnsafeBytes(of: &v4) { Array($0) }
            return
        }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, text, &v6) == 1 else { return nil }
        let raw = withUnsafeBytes(of: &v6) { Array($0) }
        if raw[0..<10].allSatisfy({ $0 == 0 }) && raw[10] == 0xFF && raw[11] == 0xFF {
            bytes = Array(raw[12..<16])
        } else {
            bytes = raw
        }
    }

    public var isIPv4: Bool { bytes.count == 4 }

    /// The network a rate limit or a vote cap counts as one client: the address itself for
    /// IPv4, its /64 for IPv6 (one subscriber line gets a whole /64, so per-address limits
    /// would be free to dodge).
    public var clientNetwork: String {
        isIPv4 ? description : IPNetwork(address: self, prefixLength: 64).description
    }

    public var description: String {
        if isIPv4 { return bytes.map(String.init).joined(separator: ".") }
        return stride(from: 0, to: 16, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }
            .joined(separator: ":")
    }
}

extension IPAddress {
    init(bytes: [UInt8]) { self.bytes = bytes }
}
