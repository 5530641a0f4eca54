import Foundation
import PaperboyCore

/// Reports skipped records on stderr as `file:line N: reason`, and on a terminal keeps one
/// progress line (records done, papers/s) up to date. Off a terminal it prints no progress.
final class ImportProgress: ImportObserver, @unchecked Sendable {
    /// Past this many skipped records in one file, only a count is printed.
    static let issuesShownPerFile = 200

    private let interactive: Bool
    private let lock = NSLock()
    private let clock = ContinuousClock()
    private var started: ContinuousClock.Instant?
    private var lastDraw: ContinuousClock.Instant?
    private var lineShown = false
    private var issuesShown: [String: Int] = [:]
    private var issuesHidden: [String: Int] = [:]

    init(interactive: Bool) { self.interactive = interactive }

    func skipped(_ issue: RecordIssue, in path: String) {
        lock.withLock {
            if issuesShown[path, default: 0] >= ImportProgress.issuesShownPerFile {
                issuesHidden[path, default: 0] += 1
                return
            }
            issuesShown[path, default: 0] += 1
            clearLine()
            printError("\(path): \(issue.location): skipped: \(issue.reason)")
        }
    }

    /// Marks the start of a file, for the papers/s figure.
    func begin() {
        lock.withLock { started = clock.now }
    }

    func committed(path: String, recordsRead: Int, totals: UpsertCounts) {
        guard interactive else { return }
        lock.withLock {
            let now = clock.now
            let start = started ?? now
            if let last = lastDraw, now - last < .milliseconds(200) { return }
            lastDraw = now
            let elapsed = (now - start).seconds
            let papers = totals.inserted + totals.updated + totals.unchanged
            let rate = elapsed > 0 ? Int(Double(papers) / elapsed) : 0
            FileHandle.standardError.write(Data("\r\u{1B}[K\(path): \(recordsRead) records, \(rate) papers/s".utf8))
            lineShown = true
        }
    }

    func finishLine() {
        lock.withLock {
            clearLine()
            started = nil
            lastDraw = nil
        }
    }

    func printIssueOverflow(path: String) {
        lock.withLock {
            if let hidden = issuesHidden[path], hidden > 0 {
                printError("\(path): ... and \(hidden) more skipped records not shown")
            }
        }
    }

    private func clearLine() {
        if lineShown {
            FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
            lineShown = false
        }
    }
}
