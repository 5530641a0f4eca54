/// A CIDR block (`10.0.0.0/8`, `fd00::/8`; a bare address is a /32 or /128).
public struct IPNetwork: Hashable, Sendable, CustomStringConvertible {
    public let address: IPAddress
    public let prefixLength: Int

    public init(address: IPAddress, prefixLength: Int) {
        let length = max(0, min(prefixLength, address.bytes.count * 8))
        var masked = address.bytes
        for i in masked.indices {
            let bitsHere = max(0, min(8, length - i * 8))
            masked[i] &= bitsHere == 0 ? 0 : UInt8(truncatingIfNeeded: 0xFF << (8 - bitsHere))
        }
        self.address = IPAddress(bytes: masked)
        self.prefixLength = length
    }

    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let address = IPAddress(parts[0]) else { return nil }
        var length = address.bytes.count * 8
        if parts.count == 2 {
            guard let given = Int(parts[1]), (0...length).contains(given) else { return nil }
            length = given
        }
        self.init(address: address, prefixLength: length)
    }

    public func contains(_ other: IPAddress) -> Bool {
        other.bytes.count == address.bytes.count && IPNetwork(address: other, prefixLength: prefixLength).address == address
    }

    public var description: String { "\(address)/\(prefixLength)" }
}
