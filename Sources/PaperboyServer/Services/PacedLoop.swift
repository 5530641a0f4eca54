/// The loop of a background service that works in batches beside the requests: after a
/// batch it rests as long as the batch took, so it takes at most about half of the machine
/// from the requests it shares it with; when there is nothing to do, or a batch failed, it
/// rests `idlePause` (a failing batch is not retried in a spin). Progress is reported when
/// the work runs out and at most once a `reportEvery` while it goes on.
struct PacedLoop {
    enum Outcome {
        /// Did this many items (0 means nothing was left to do).
        case worked(Int)
        case failed
    }

    var idlePause: Duration
    var reportEvery: Duration = .seconds(60)

    /// Runs until the task is cancelled (which a pause turns into a thrown error).
    func run(batch: () async -> Outcome, report: (_ done: Int) async -> Void, whenIdle: () async -> Void = {}) async throws {
        let clock = ContinuousClock()
        var done = 0
        var reported = clock.now
        while !Task.isCancelled {
            var outcome = Outcome.failed
            let elapsed = await clock.measure { outcome = await batch() }
            switch outcome {
            case .failed:
                try await Task.sleep(for: idlePause)
            case .worked(let count):
                done += count
                if count == 0 || clock.now - reported > reportEvery {
                    if done > 0 { await report(done) }
                    done = 0
                    reported = clock.now
                }
                if count == 0 {
                    await whenIdle()
                    try await Task.sleep(for: idlePause)
                } else {
                    try await Task.sleep(for: max(elapsed, .milliseconds(10)))
                }
            }
        }
    }
}
