import Foundation
import PaperboyCore

extension InMemoryPaperStore {
    public func storeIdentity() -> String { identity }

    public func latestPaperChange() -> Int64 { Int64(changes.count) }

    /// Sequence numbers start at 1, as SQLite's rowids do.
    public func paperChanges(after sequence: Int64, limit: Int) -> [PaperChange] {
        let start = Int(max(0, sequence))
        guard start < changes.count, limit > 0 else { return [] }
        return changes[start..<min(changes.count, start + limit)].enumerated().map { offset, id in
            PaperChange(sequence: Int64(start + offset + 1), id: id, paper: papers[id])
        }
    }
}
