import Foundation
import Logging
import Metrics
import PaperboyFetch
import PaperboyCore
import ServiceLifecycle

/// Runs the configured fetchers inside `paperboy serve`, each on its own schedule with
/// jitter and never two runs of one source at once, recording what happens on the status
/// board, in the logs and in metrics. With leases, never two runs of one source at once
/// across the servers sharing the database either: a server whose turn comes while another
/// fetches that source skips its run.
public struct FetchScheduler: Service {
    let sources: [ScheduledSource]
    let board: FetchStatusBoard
    let logger: Logger
    let now: @Sendable () -> Date
    let lease: JobLease?

    public init(sources: [ScheduledSource], board: FetchStatusBoard, leases: (any JobLeaseStore)? = nil,
                now: @escaping @Sendable () -> Date = { Date() }, logger: Logger) {
        self.now = now
        self.sources = sources
        self.board = board
        self.logger = logger
        // Renewed every 2 minutes while a fetch runs (a harvest can take hours).
        lease = leases.map { JobLease(store: $0, duration: 6 * 60, now: now, logger: logger) }
    }

    public func run() async {
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                for source in sources {
                    group.addTask { await loop(source) }
                }
            }
        }
    }

    private func loop(_ source: ScheduledSource) async {
        await board.register(source.name, schedule: source.schedule.description)
        var first = source.runOnStart
        while !Task.isCancelled {
            let jitter = Double.random(in: 0...Double(source.jitter.components.seconds))
            let next = first ? now().addingTimeInterval(jitter / 10) : source.schedule.next(after: now()).addingTimeInterval(jitter)
            first = false
            await board.update(source.name) { $0.nextRun = next }
            do {
                try await Task.sleep(for: .seconds(max(0, next.timeIntervalSince(now()))))
            } catch {
                return
            }
            await runOnce(source)
        }
    }

    func runOnce(_ source: ScheduledSource) async {
        let started = now()
        await board.update(source.name) {
            $0.running = true
            $0.lastStart = started
        }
        logger.info("fetch started", metadata: ["source": "\(source.name)"])
        do {
            let fetched: String?
            if let lease {
                fetched = try await lease.run("fetch:\(source.name)") { try await source.run() }
            } else {
                fetched = try await source.run()
            }
            guard let summary = fetched else {
                logger.info("fetch skipped: another server is fetching this source", metadata: ["source": "\(source.name)"])
                Counter(label: "paperboy_fetch_runs_total", dimensions: [("source", source.name), ("outcome", "skipped")]).increment()
                await board.update(source.name) {
                    $0.running = false
                    $0.lastFinish = now()
                    $0.lastSummary = "skipped: another server was fetching"
                }
                return
            }
            logger.info("fetch finished", metadata: ["source": "\(source.name)", "summary": "\(summary)",
                                                      "seconds": "\(Int(now().timeIntervalSince(started)))"])
            Counter(label: "paperboy_fetch_runs_total", dimensions: [("source", source.name), ("outcome", "success")]).increment()
            Gauge(label: "paperboy_fetch_last_success_timestamp_seconds", dimensions: [("source", source.name)])
                .record(now().timeIntervalSince1970)
            await board.update(source.name) {
                $0.running = false
                $0.runs += 1
                $0.lastFinish = now()
                $0.lastSummary = summary
                $0.lastError = nil
            }
        } catch {
            logger.error("fetch failed", metadata: ["source": "\(source.name)", "error": "\(error)"])
            Counter(label: "paperboy_fetch_runs_total", dimensions: [("source", source.name), ("outcome", "failure")]).increment()
            await board.update(source.name) {
                $0.running = false
                $0.runs += 1
                $0.failures += 1
                $0.lastFinish = now()
                $0.lastError = "\(error)"
            }
        }
    }
}
