import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Who is delivering: `host:pid`, written on the outbox mails a process claims.
public enum DeliveryClaim {
    /// How long a claim holds when its process cannot be checked (another host).
    static let lease: TimeInterval = 15 * 60

    /// This machine as claims name it: its host name and, on Linux, its process-id namespace.
    /// Containers on one host's network share its name but each has pids of its own, and a
    /// pid can only be checked within its namespace: without it, another container's live
    /// process would look dead here, and its claims and leases would be taken.
    static let host: String = {
        let name = ProcessInfo.processInfo.hostName
        // "pid:[4026531836]"
        guard let link = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/ns/pid") else { return name }
        let digits = String(link.unicodeScalars.filter { ("0"..."9").contains($0) })
        return digits.isEmpty ? name : "\(name)/pid-ns-\(digits)"
    }()

    /// This process, as a claimer.
    public static var thisProcess: String { "\(host):\(getpid())" }

    /// Whether `claimer` names a process on this host that no longer runs.
    public static func isDeadLocalProcess(_ claimer: String) -> Bool {
        guard let colon = claimer.lastIndex(of: ":"), claimer[..<colon] == host,
              let pid = Int32(claimer[claimer.index(after: colon)...]), pid > 0, pid != getpid() else { return false }
        return kill(pid, 0) == -1 && errno == ESRCH
    }
}
