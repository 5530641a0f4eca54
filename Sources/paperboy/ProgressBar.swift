import Foundation

/// A progress bar on stderr for long jobs over a known number of items:
/// `[##########----------]  50%  46,692 of 93,385 · 31.2 papers/s · 25 min left`.
/// On a terminal it redraws one line; elsewhere (a log file, a pipe) it writes a line at
/// every tenth of the way, so logs stay short.
struct ProgressBar {
    let total: Int
    let unit: String
    private let interactive = isatty(STDERR_FILENO) == 1
    private let clock = ContinuousClock()
    private let started = ContinuousClock.Instant.now
    /// Items done before this run started (a resumed job), not counted in the rate.
    private let initial: Int
    private var lastTenth: Int

    init(total: Int, done: Int = 0, unit: String) {
        self.total = max(total, 1)
        self.unit = unit
        initial = done
        lastTenth = done * 10 / max(total, 1)
    }

    mutating func update(done: Int) {
        let fraction = min(1, Double(done) / Double(total))
        let seconds = (clock.now - started).seconds
        let rate = seconds > 0 ? Double(done - initial) / seconds : 0
        var line = "[" + String(repeating: "#", count: Int(fraction * 20)) + String(repeating: "-", count: 20 - Int(fraction * 20)) + "] "
        line += String(format: "%3.0f%%  %@ of %@ · %.1f %@/s", fraction * 100, done.formatted(), total.formatted(), rate, unit)
        if rate > 0, done < total {
            let left = Double(total - done) / rate
            line += left >= 120 ? " · \(Int(left / 60)) min left" : " · \(Int(left)) s left"
        }
        if interactive {
            FileHandle.standardError.write(Data(("\r\u{1B}[K" + line).utf8))
        } else if done * 10 / total > lastTenth {
            lastTenth = done * 10 / total
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
    }

    /// Ends the terminal line.
    func finish() {
        if interactive { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
