import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Who is delivering: `host:pid`, written on the outbox mails a process claims.
public enum DeliveryClaim {
    /// How long a claim holds when its process cannot be checked (another host).
    static let lease: TimeInterval = 15 * 60

    static let host: String = ProcessInfo.processInfo.hostName

    /// This process, as a claimer.
    public static var thisProcess: String { "\(host):\(getpid())" }

    /// Whether `claimer` names a process on this host that no longer runs.
    public static func isDeadLocalProcess(_ claimer: String) -> Bool {
        guard let colon = claimer.lastIndex(of: ":"), claimer[..<colon] == host,
              let pid = Int32(claimer[claimer.index(after: colon)...]), pid > 0, pid != getpid() else { return false }
        return kill(pid, 0) == -1 && errno == ESRCH
    }
}
