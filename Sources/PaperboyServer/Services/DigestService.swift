import Foundation
import Logging
import PaperboyMail
import ServiceLifecycle

/// The in-process digest scheduler of `paperboy serve`: every few minutes (and at once
/// when a subscription request queues a confirmation) it creates the digests that are due
/// and delivers the outbox.
public struct DigestService: Service {
    let mailer: DigestRunner
    let wakeUp: WakeUpSignal
    let interval: Duration
    let logger: Logger

    init(site: Site) {
        mailer = site.mailer
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
                await wakeUp.wait(upTo: interval)
            }
        }
    }
}
