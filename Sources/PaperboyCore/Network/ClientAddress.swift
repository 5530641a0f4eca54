/// Who a request really comes from. Behind a reverse proxy every request arrives from the
/// proxy, so rate limits would share one bucket; the proxy names the client in
/// `X-Forwarded-For`. That header is believed only from `trusted` proxies (anyone can send
/// it), and read from the right: each trusted hop appends the address it saw, so the first
/// address from the right that is not a trusted proxy is the client.
public enum ClientAddress {
    public static func resolve(peer: String?, forwardedFor: String?, trusted: [IPNetwork]) -> IPAddress? {
        guard let peer = peer.flatMap({ IPAddress($0) }) else { return nil }
        guard !trusted.isEmpty, trusted.contains(where: { $0.contains(peer) }), let forwardedFor else { return peer }
        var client = peer
        for hop in forwardedFor.split(separator: ",").reversed() {
            guard let address = IPAddress(hop) else { break }
            client = address
            if !trusted.contains(where: { $0.contains(address) }) { break }
        }
        return client
    }
}
