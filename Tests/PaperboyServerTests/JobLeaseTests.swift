import Foundation
import Logging
import PaperboyCore
import PaperboyMail
import PaperboySQLite
import PaperboyTestSupport
import Testing
@testable import PaperboyServer

/// The lease a background job runs under, on a real SQLite store: a server stopped or killed
/// mid-job does not keep the next one (a restart) waiting for the lease to run out.
@Suite struct JobLeaseTests {
    static func lease(_ store: SQLitePaperStore, holder: String = DeliveryClaim.thisProcess) -> JobLease {
        var logger = Logger(label: "paperboy.test")
        logger.logLevel = .critical
        var lease = JobLease(store: store, now: { Date() }, logger: logger)
        lease.holder = holder
        return lease
    }

    @Test func aJobCancelledByShutdownReleasesItsLease() async throws {
        let directory = try TemporaryDirectory()
        let store = try SQLitePaperStore(path: directory.path("p.sqlite"))
        let (started, starting) = AsyncStream.makeStream(of: Void.self)
        let job = Task {
            try await Self.lease(store).run("fetch:arxiv") {
                starting.yield()
                // A fetch waiting on the network until the server shuts down.
                try await Task.sleep(for: .seconds(3_600))
            }
        }
        for await _ in started { break }
        #expect(try await store.leaseHolders(at: Date()) == [DeliveryClaim.thisProcess])
        job.cancel()
        await #expect(throws: CancellationError.self) { try await job.value }
        #expect(try await store.leaseHolders(at: Date()).isEmpty, "released although the job's task was cancelled")
    }

    @Test func aDeadLocalHoldersLeaseIsTakenAtOnceALiveOnesIsNot() async throws {
        let directory = try TemporaryDirectory()
        let store = try SQLitePaperStore(path: directory.path("p.sqlite"))
        // A process of this host that has ended.
        let ended = Process()
        ended.executableURL = URL(fileURLWithPath: "/bin/true")
        try ended.run()
        ended.waitUntilExit()
        let host = DeliveryClaim.thisProcess.split(separator: ":").dropLast().joined(separator: ":")
        let dead = "\(host):\(ended.processIdentifier)"
        #expect(try await store.acquireLease("embed", holder: dead, until: Date().addingTimeInterval(600), at: Date()))
        #expect(try await Self.lease(store).run("embed") { 1 } == 1)

        // Held by a live process (pid 1 of this host), by another host, or by a container with
        // this host's name but pids of its own (the same pid means nothing here): the job waits.
        #expect(host.hasPrefix(ProcessInfo.processInfo.hostName + "/pid-ns-"))
        for holder in ["\(host):1", "elsewhere.example:\(ended.processIdentifier)", "\(ProcessInfo.processInfo.hostName):\(ended.processIdentifier)"] {
            #expect(try await store.acquireLease("similar-lists", holder: holder, until: Date().addingTimeInterval(600), at: Date()))
            #expect(try await Self.lease(store).run("similar-lists") { 1 } == nil, "\(holder)")
            try await store.releaseLeases(of: holder)
        }
    }
}
