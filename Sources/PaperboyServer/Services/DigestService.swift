import Foundation
import Logging
import PaperboyCore
import PaperboyMail
import ServiceLifecycle

/// The in-process digest scheduler of `paperboy serve`: every few minutes (and at once
/// when a subscription or sign-in request queues a mail) it creates the digests that are due
/// and delivers the outbox. It also removes expired sessions and spent sign-in nonces.
public struct DigestService: Service {
    let mailer: DigestRunner
    let sessions: any SessionStore
    let now: @Sendable () -> Date
    let wakeUp: WakeUpSignal
    let interval: Duration
    let logger: Logger

    init(site: Site) {
        mailer = site.mailer
        sessions = site.store
        now = site.now
        wakeUp = site.mailWakeUp
        interval = .seconds(site.settings.digestInterval * 60)
        logger = site.logger
    }

    public func run() async {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    _ = try await mailer.run()
                } catch {
                    logger.error("digest run failed", metadata: ["error": "\(error)"])
                }
                do {
                    let removed = try await sessions.deleteExpiredSessions(before: now())
                    if removed > 0 { logger.info("expired sessions removed", metadata: ["count": "\(removed)"]) }
                } catch {
                    logger.warning("cannot remove expired sessions", metadata: ["error": "\(error)"])
                }
                await wakeUp.wait(upTo: interval)
            }
        }
    }
}
