import Foundation
import Logging
import Metrics
import PaperboyCore

/// Creates the digests that are due and delivers the outbox.
///
/// Creating and delivering are separate steps joined by the outbox table. A digest is
/// created once per (subscriber, day), in one transaction with the record of its papers and
/// the subscriber's new last-digest day; delivery marks it sent after the server accepted
/// it. A crash anywhere therefore loses nothing, and the only repeat possible is a message
/// accepted just before the crash and sent again after it, with the same Message-ID.
public struct DigestRunner: Sendable {
    public typealias Store = PaperStore & SubscriptionStore & OutboxStore & JobProblemStore

    public struct Settings: Sendable {
        public var sender: EmailAddress
        public var senderName = "Paperboy"
        public var digestSize = 10
        /// Send a digest with no papers (saying so) rather than nothing.
        public var sendEmpty = false
        /// Messages delivered at once (one SMTP session each).
        public var concurrency = 4
        /// Temporary failures retried before giving up on a message.
        public var maxAttempts = 8
        /// Permanent failures in a row before a subscription is paused.
        public var pauseAfterBounces = 3
        /// Readers whose recommendations are worked out at once (each trains a model).
        public var recommendConcurrency = ProcessInfo.processInfo.activeProcessorCount
        /// Who this deliverer is on the outbox mails it claims (`host:pid` for a process).
        public var claimer = DeliveryClaim.thisProcess

        public init(sender: EmailAddress) { self.sender = sender }
    }

    public struct Report: Sendable, Equatable {
        public var created = 0
        public var empty = 0
        public var sent = 0
        public var retrying = 0
        public var failed = 0
        /// Readers whose digest could not be made this run, and mails whose outcome the store
        /// could not record: each is logged, counted and set aside (`JobProblemStore`).
        public var setAside = 0

        public init(created: Int = 0, empty: Int = 0, sent: Int = 0, retrying: Int = 0, failed: Int = 0, setAside: Int = 0) {
            self.created = created
            self.empty = empty
            self.sent = sent
            self.retrying = retrying
            self.failed = failed
            self.setAside = setAside
        }
    }

    /// The papers of a window that a reader's library model picks, best first, with positive
    /// scores, for the `for-you` topic. The server sets it (it keeps the models); without it
    /// the topic finds nothing.
    public typealias Recommend = @Sendable (_ subscription: Subscription, _ window: ClosedRange<Day>) async throws -> [SearchHit]
    public var recommend: Recommend?

    /// Leases on groups of readers, so that several processes creating digests at once (the
    /// servers on one PostgreSQL database, or a server and a cron run) share the work out
    /// rather than each composing every digest. Without it this runner composes them all;
    /// either way each digest is created once (the outbox's unique key).
    public var leases: (any JobLeaseStore)?
    /// Readers are grouped by id (`id / readersPerLease`), so every process forms the same
    /// groups whatever it has already seen; a group's lease outlives the run that took it.
    static let readersPerLease: Int64 = 64
    static let groupLease: TimeInterval = 10 * 60

    let store: any Store
    public let transport: any MailTransport
    public let links: SubscriptionLinks
    public var settings: Settings
    let logger: Logger
    /// The clock of the methods not given a `now`.
    let clock: @Sendable () -> Date

    public init(store: any Store, transport: any MailTransport, links: SubscriptionLinks, settings: Settings,
                now: @escaping @Sendable () -> Date = { Date() }, logger: Logger) {
        self.clock = now
        self.store = store
        self.transport = transport
        self.links = links
        self.settings = settings
        self.logger = logger
    }

    /// Creates every due digest, then delivers everything due in the outbox. Delivery runs
    /// even when creating failed as a whole (the store could not list subscribers), so the
    /// confirmations and digests already queued still go out; that failure is thrown after.
    public func run(now: Date? = nil) async throws -> Report {
        let now = now ?? clock()
        var report = Report()
        var creationError: (any Error)?
        do {
            report = try await createDueDigests(now: now)
        } catch {
            logger.error("could not create digests", metadata: ["error": "\(error)"])
            creationError = error
        }
        let delivery = try await deliver(now: now)
        report.sent = delivery.sent
        report.retrying = delivery.retrying
        report.failed = delivery.failed
        report.setAside += delivery.setAside
        if let creationError { throw creationError }
        return report
    }

    /// Creates the digest of every subscriber that is due. One subscriber whose digest
    /// cannot be made (a topic the store cannot search, a header that cannot be written) is
    /// logged, counted and set aside with its reason; everyone else still gets theirs, and
    /// the next run tries that subscriber again.
    public func createDueDigests(now: Date? = nil) async throws -> Report {
        let now = now ?? clock()
        var report = Report()
        var found: [String: [SearchHit]] = [:]
        // Read once, so a success costs a write only for a reader set aside before.
        let setAsideBefore = Set(try await store.problems(.digest, limit: 100_000).map(\.item))
        let active = try await store.activeSubscriptions()
        for unreadable in active.unreadable {
            await setAside("subscription \(unreadable.id)", reason: unreadable.reason, now: now, report: &report)
        }
        var work: [Due] = []
        for subscription in active.readable {
            do {
                if let due = try DigestSchedule.due(subscription, at: now) { work.append(Due(subscription: subscription, day: due.day, window: due.window)) }
            } catch {
                await setAside("subscription \(subscription.id)", reason: "\(error)", now: now, report: &report)
            }
        }
        // Groups of readers this process takes (all of them without leases); the
        // recommendations of a group (a model per reader) are worked out a group ahead, on
        // every core, while this loop writes the group before: the writes go one by one.
        if let leases {
            // A run killed on this machine left its groups leased: they are free at once.
            // (Leases run on the clock, not on the run's `now`, which may be another day.)
            for holder in (try? await leases.leaseHolders(at: clock())) ?? [] where DeliveryClaim.isDeadLocalProcess(holder) {
                try? await leases.releaseLeases(of: holder)
            }
        }
        let groups = Dictionary(grouping: work) { $0.subscription.id / Self.readersPerLease }.sorted { $0.key < $1.key }
        var remaining = groups[...]
        func nextGroup() async -> [Due]? {
            while let (key, group) = remaining.popFirst() {
                guard let leases else { return group }
                let time = clock()
                let taken = (try? await leases.acquireLease("digests:\(key)", holder: settings.claimer,
                                                            until: time.addingTimeInterval(Self.groupLease), at: time)) ?? false
                if taken { return group }
            }
            return nil
        }
        var upcoming = await nextGroup()
        var next = upcoming.map(recommendations)
        while let batch = upcoming {
            let recommended = await next?.value ?? [:]
            upcoming = await nextGroup()
            next = upcoming.map(recommendations)
            for due in batch {
                let subscription = due.subscription
                let item = "subscription \(subscription.id)"
                do {
                    let picks = try recommended[subscription.id]?.get()
                    if try await createDigest(subscription, due: (due.day, due.window), now: now, found: &found, recommended: picks) {
                        report.created += 1
                        Counter(label: "paperboy_digests_created_total").increment()
                    } else {
                        report.empty += 1
                    }
                    if setAsideBefore.contains(item) { try? await store.clearProblem(.digest, item: item) }
                } catch {
                    await setAside(item, reason: "\(error)", now: now, report: &report)
                }
            }
        }
        if report.created + report.empty + report.setAside > 0 {
            logger.info("digests created", metadata: ["created": "\(report.created)", "empty": "\(report.empty)",
                                                      "set_aside": "\(report.setAside)"])
        }
        return report
    }

    /// A reader whose digest is due, and its day and window.
    struct Due: Sendable {
        let subscription: Subscription
        let day: Day
        let window: ClosedRange<Day>
    }

    /// The `for-you` picks of the batch's readers that follow it, `settings.recommendConcurrency`
    /// at a time; a reader's failure is theirs alone (they are set aside and retried next run).
    private func recommendations(for batch: [Due]) -> Task<[Int64: Result<[SearchHit], any Error>], Never> {
        let wanted = batch.filter { $0.subscription.topics.contains(.forYou) }
        let recommend = self.recommend
        let concurrency = max(1, settings.recommendConcurrency)
        return Task {
            guard let recommend, !wanted.isEmpty else { return [:] }
            return await withTaskGroup(of: (Int64, Result<[SearchHit], any Error>).self) { group in
                var results: [Int64: Result<[SearchHit], any Error>] = [:]
                var iterator = wanted.makeIterator()
                func add(_ due: Due) {
                    group.addTask {
                        do { return (due.subscription.id, .success(try await recommend(due.subscription, due.window))) } catch {
                            return (due.subscription.id, .failure(error))
                        }
                    }
                }
                for _ in 0..<concurrency { if let due = iterator.next() { add(due) } }
                while let (id, result) = await group.next() {
                    results[id] = result
                    if let due = iterator.next() { add(due) }
                }
                return results
            }
        }
    }

    /// Logs, counts and records a reader whose digest could not be made this run.
    private func setAside(_ item: String, reason: String, now: Date, report: inout Report) async {
        report.setAside += 1
        Counter(label: "paperboy_job_items_set_aside_total", dimensions: [("job", "digest")]).increment()
        logger.error("digest set aside", metadata: ["item": "\(item)", "error": "\(reason)"])
        try? await store.recordProblem(.digest, item: item, reason: reason, at: now)
    }

    /// Makes and queues one subscriber's digest; false when there was nothing to send.
    private func createDigest(_ subscription: Subscription, due: (day: Day, window: ClosedRange<Day>), now: Date,
                              found: inout [String: [SearchHit]], recommended: [SearchHit]?) async throws -> Bool {
        guard let message = try await composeDigest(subscription, day: due.day, window: due.window, now: now, found: &found,
                                                    recommended: recommended) else {
            try await store.skipDigest(subscriptionID: subscription.id, day: due.day)
            return false
        }
        let mail = OutboxMail(subscriptionID: subscription.id, kind: .digest, period: due.day.description,
                              messageID: message.message.messageID, recipient: subscription.email, message: try message.message.rendered(),
                              createdAt: now)
        return try await store.enqueue(mail, papers: message.papers, digestDay: due.day)
    }

    /// The digest a subscriber would get now, without storing or sending anything.
    public func preview(_ subscription: Subscription, now: Date? = nil) async throws -> MailMessage? {
        let now = now ?? clock()
        var found: [String: [SearchHit]] = [:]
        let day = DigestSchedule.today(in: subscription, at: now)
        let window = subscription.lastDigestDay.map { $0...day } ?? day.adding(days: -subscription.frequency.days)...day
        let picks = subscription.topics.contains(.forYou) ? try await recommend?(subscription, window) : nil
        return try await composeDigest(subscription, day: day, window: window, now: now, found: &found, recommended: picks, forceSend: true)?.message
    }

    private func composeDigest(_ subscription: Subscription, day: Day, window: ClosedRange<Day>, now: Date,
                               found: inout [String: [SearchHit]], recommended: [SearchHit]?,
                               forceSend: Bool = false) async throws -> (message: MailMessage, papers: [PaperID])? {
        var candidates: [DigestSelection.Candidate] = []
        let topics = subscription.topics.isEmpty ? [DigestTopic.trending] : subscription.topics
        for topic in topics {
            if topic == .forYou {
                // The reader's own picks: worked out per reader, never shared.
                let picks = (recommended ?? []).filter { !subscription.onlyWithCode || $0.paper.codeRepository != nil }
                candidates += picks.map { DigestSelection.Candidate(paper: $0.paper, topic: topic, relevance: $0.score) }
                continue
            }
            // Subscribers share topics and windows: each search runs once per run.
            let key = "\(window.lowerBound)|\(window.upperBound)|\(topic)|\(subscription.onlyWithCode)"
            let hits: [SearchHit]
            if let cached = found[key] {
                hits = cached
            } else {
                var query: SearchQuery? = if case .query(let text) = topic { SearchQuery.parse(text) } else { nil }
                if subscription.onlyWithCode {
                    var withCode = query ?? SearchQuery()
                    withCode.hasCode = true
                    query = withCode
                }
                hits = try await store.papersAppeared(in: window, matching: query, limit: 50)
                found[key] = hits
            }
            candidates += hits.map { DigestSelection.Candidate(paper: $0.paper, topic: topic, relevance: $0.score) }
        }
        let sent = try await store.sentPapers(to: subscription.id)
        let sections = DigestSelection.select(candidates, topics: topics, alreadySent: sent, limit: settings.digestSize)
        guard !sections.isEmpty || settings.sendEmpty || forceSend else { return nil }
        let content = DigestEmail.digest(sections, day: day, frequency: subscription.frequency,
                                         links: links.digestLinks(subscription.id, now: now))
        let message = mail(to: subscription, content, now: now, extraHeaders: [
            ("List-Unsubscribe", "<\(links.unsubscribe(subscription.id, now: now))>"),
            ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"),
        ])
        return (message, sections.flatMap { $0.papers.map(\.id) })
    }

    /// Queues the confirmation request for a new or unconfirmed subscription. It quotes
    /// nothing the requester typed: anyone can make Paperboy write to any address once.
    public func queueConfirmation(_ subscription: Subscription, now: Date? = nil) async throws {
        let now = now ?? clock()
        let content = DigestEmail.confirmation(confirm: links.confirm(subscription, now: now), site: links.site,
                                               frequency: subscription.frequency)
        try await queue(.confirm, content, to: subscription, now: now)
    }

    /// Queues a link to the manage page, for a confirmed address that subscribed again.
    public func queueManageLink(_ subscription: Subscription, now: Date? = nil) async throws {
        let now = now ?? clock()
        let content = DigestEmail.Content(
            subject: "Your Paperboy subscription",
            text: "Someone asked to subscribe this address, which already gets Paperboy.\n\nChange topics or frequency, pause or unsubscribe:\n\(links.manage(subscription.id, now: now))\n",
            html: "<p>Someone asked to subscribe this address, which already gets Paperboy.</p><p><a href=\"\(XMLText.escaped(links.manage(subscription.id, now: now)))\">Change topics or frequency, pause or unsubscribe</a></p>")
        try await queue(.manage, content, to: subscription, now: now)
    }

    private func queue(_ kind: OutboxMail.Kind, _ content: DigestEmail.Content, to subscription: Subscription, now: Date) async throws {
        let message = mail(to: subscription, content, now: now, extraHeaders: [])
        // One per minute at most: the period is the minute of the request. A confirmation is
        // one per round as well: each request starts a round that only its own link confirms,
        // so a second request within the minute must send that link, or the reader would hold
        // only the first one, which no longer works (the per-address limit bounds the mails).
        var period = String(Int(now.timeIntervalSince1970 / 60))
        if kind == .confirm { period += "-round\(subscription.confirmRound)" }
        _ = try await store.enqueue(OutboxMail(subscriptionID: subscription.id, kind: kind, period: period, messageID: message.messageID,
                                               recipient: subscription.email, message: try message.rendered(), createdAt: now),
                                    papers: [], digestDay: nil)
    }

    /// Queues a sign-in link (valid 15 minutes, once). Like a confirmation it quotes nothing
    /// the requester typed. Each is a mail of its own: a second request sends a second link.
    public func queueSignIn(to email: EmailAddress, link: String, now: Date? = nil) async throws {
        let now = now ?? clock()
        let content = DigestEmail.Content(
            subject: "Sign in to Paperboy",
            text: "Someone (we hope you) asked to sign in to Paperboy with this address.\n\nSign in (the link works once, for 15 minutes):\n\(link)\n\nIf it was not you, ignore this mail: nothing happens without the link.\n",
            html: "<p>Someone (we hope you) asked to sign in to Paperboy with this address.</p><p><a href=\"\(XMLText.escaped(link))\">Sign in</a> (the link works once, for 15 minutes).</p><p>If it was not you, ignore this mail: nothing happens without the link.</p>")
        let message = mail(to: email, content, now: now, extraHeaders: [])
        _ = try await store.enqueue(OutboxMail(subscriptionID: nil, kind: .signin, period: message.messageID, messageID: message.messageID,
                                               recipient: email, message: try message.rendered(), createdAt: now),
                                    papers: [], digestDay: nil)
    }

    private func mail(to subscription: Subscription, _ content: DigestEmail.Content, now: Date,
                      extraHeaders: [(name: String, value: String)]) -> MailMessage {
        mail(to: subscription.email, content, now: now, extraHeaders: extraHeaders)
    }

    private func mail(to email: EmailAddress, _ content: DigestEmail.Content, now: Date,
                      extraHeaders: [(name: String, value: String)]) -> MailMessage {
        MailMessage(from: settings.sender, fromName: settings.senderName, to: email, subject: content.subject,
                    messageID: MailMessage.newMessageID(domain: settings.sender.domain), date: now,
                    text: content.text, html: content.html, headers: extraHeaders)
    }

    /// Sends every queued mail that is due, `settings.concurrency` at a time. Mails are
    /// claimed in batches, so two deliverers (the server's scheduler and a cron run) never
    /// send the same one; the claims of a crashed process on this host are taken back at
    /// once, those of another host when they expire.
    public func deliver(now: Date? = nil) async throws -> Report {
        let now = now ?? clock()
        var report = Report()
        for claimer in try await store.claimers(at: now) where DeliveryClaim.isDeadLocalProcess(claimer) {
            logger.info("taking back the mail of a stopped delivery", metadata: ["claimer": "\(claimer)"])
            try await store.releaseClaims(of: claimer)
        }
        while true {
            let batch = try await store.claimDueMail(at: now, limit: 200, claimer: settings.claimer, lease: DeliveryClaim.lease)
            guard !batch.isEmpty else { break }
            let outcomes = await withTaskGroup(of: Outcome.self) { group in
                var outcomes: [Outcome] = []
                var next = 0
                for _ in 0..<min(settings.concurrency, batch.count) {
                    let mail = batch[next]
                    next += 1
                    group.addTask { await self.deliver(mail, now: now) }
                }
                while let outcome = await group.next() {
                    outcomes.append(outcome)
                    if next < batch.count {
                        let mail = batch[next]
                        next += 1
                        group.addTask { await self.deliver(mail, now: now) }
                    }
                }
                return outcomes
            }
            for outcome in outcomes {
                switch outcome {
                case .sent: report.sent += 1
                case .retrying: report.retrying += 1
                case .failed: report.failed += 1
                case .setAside: report.setAside += 1
                }
            }
        }
        if report.sent + report.retrying + report.failed > 0 {
            logger.info("outbox delivered", metadata: ["sent": "\(report.sent)", "retrying": "\(report.retrying)", "failed": "\(report.failed)"])
        }
        return report
    }

    /// `setAside`: the store could not record what happened to the mail. Its claim runs out
    /// after the lease and a later run sends it again, with the same Message-ID.
    private enum Outcome: Sendable { case sent, retrying, failed, setAside }

    private func deliver(_ mail: OutboxMail, now: Date) async -> Outcome {
        do {
            do {
                try await transport.send(mail.message, from: settings.sender.value, to: [mail.recipient.value])
            } catch let error as MailError {
                let attempts = mail.attempts + 1
                // A sign-in link is dead after 15 minutes: retrying later would deliver a link
                // that no longer works.
                let expired = mail.kind == .signin && now.timeIntervalSince(mail.createdAt) >= SignInTokens.lifetime
                if error.kind == .temporary && attempts < settings.maxAttempts && !expired {
                    // 1, 2, 4 … minutes, at most 6 hours.
                    let delay = min(60 * pow(2, Double(attempts - 1)), 6 * 3_600)
                    logger.warning("delivery failed, will retry", metadata: [
                        "mail": "\(mail.id)", "attempt": "\(attempts)", "retry_in_s": "\(Int(delay))", "error": "\(error)"])
                    try await store.markFailed(mail.id, error: error.description, retryAt: now.addingTimeInterval(delay),
                                               pauseAfterBounces: settings.pauseAfterBounces)
                    Counter(label: "paperboy_mail_failures_total", dimensions: [("kind", "temporary")]).increment()
                    return .retrying
                }
                logger.error("delivery failed for good", metadata: ["mail": "\(mail.id)", "attempt": "\(attempts)", "error": "\(error)"])
                try await store.markFailed(mail.id, error: error.description, retryAt: nil, pauseAfterBounces: settings.pauseAfterBounces)
                Counter(label: "paperboy_mail_failures_total", dimensions: [("kind", "permanent")]).increment()
                return .failed
            }
            try await store.markSent(mail.id, at: now)
            Counter(label: "paperboy_mail_sent_total", dimensions: [("kind", mail.kind.rawValue)]).increment()
            return .sent
        } catch {
            Counter(label: "paperboy_job_items_set_aside_total", dimensions: [("job", "mail")]).increment()
            logger.error("mail set aside", metadata: ["mail": "\(mail.id)", "error": "\(error)"])
            try? await store.recordProblem(.mail, item: "mail \(mail.id)", reason: "\(error)", at: now)
            return .setAside
        }
    }
}
