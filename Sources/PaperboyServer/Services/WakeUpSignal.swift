import Synchronization

/// Wakes a background loop early: `wait(upTo:)` returns on the next `signal()` (or one
/// that came while nobody waited), after the duration, or when the task is cancelled.
public final class WakeUpSignal: Sendable {
    private struct State {
        var pending = false
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state = Mutex(State())

    public init() {}

    public func signal() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if let waiter = state.waiter {
                state.waiter = nil
                return waiter
            }
            state.pending = true
            return nil
        }
        waiter?.resume()
    }

    public func wait(upTo duration: Duration) async {
        let timer = Task { [weak self] in
            // Cancelled (the wait ended first): no signal, or the next wait would end at once.
            guard (try? await Task.sleep(for: duration)) != nil else { return }
            self?.signal()
        }
        defer { timer.cancel() }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let now = state.withLock { state -> Bool in
                    if state.pending {
                        state.pending = false
                        return true
                    }
                    state.waiter = continuation
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            signal()
        }
    }
}
