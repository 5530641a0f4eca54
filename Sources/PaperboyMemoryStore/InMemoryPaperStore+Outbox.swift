import Foundation
import PaperboyCore

extension InMemoryPaperStore {
    /// Papers of the subscriber's digests that did not all fail for good: a paper an earlier
    /// digest delivered stays received when a later digest holding it fails.
    public func sentPapers(to subscriptionID: Int64) -> Set<PaperID> {
        Set((digestPapers[subscriptionID] ?? [:]).filter { _, mails in
            mails.contains { outbox[$0]?.mail.status != .failed }
        }.keys)
    }

    /// Once per subscription, kind and period. The mail starts queued, due at its creation;
    /// a digest's papers are recorded with it, and the subscription's last digest day moves.
    public func enqueue(_ mail: OutboxMail, papers: [PaperID], digestDay: Day?) throws -> Bool {
        if outbox.values.contains(where: {
            $0.mail.subscriptionID == mail.subscriptionID && $0.mail.kind == mail.kind && $0.mail.period == mail.period
        }) {
            return false
        }
        if let subscription = mail.subscriptionID, subscriptions[subscription] == nil {
            throw InMemoryStoreError.unknownSubscription(subscription)
        }
        guard (mail.subscriptionID == nil) == (mail.kind == .signin) else { throw InMemoryStoreError.signInMailMismatch }
        // A reader who paused or left since the run listed them gets no digest.
        if mail.kind == .digest, let id = mail.subscriptionID, subscriptions[id]?.status != .active { return false }
        guard !outbox.values.contains(where: { $0.mail.messageID == mail.messageID }) else {
            throw InMemoryStoreError.duplicateMessageID(mail.messageID)
        }
        let id = (outbox.keys.max() ?? 0) + 1
        var queued = mail
        queued.id = id
        queued.status = .queued
        queued.attempts = 0
        // Through Unix seconds, as SQLite keeps the time.
        queued.createdAt = Date(timeIntervalSince1970: mail.createdAt.timeIntervalSince1970)
        outbox[id] = StoredMail(mail: queued, nextAttemptAt: mail.createdAt.timeIntervalSince1970)
        if let subscription = mail.subscriptionID {
            for paper in papers { digestPapers[subscription, default: [:]][paper, default: []].append(id) }
            if let digestDay { subscriptions[subscription]?.lastDigestDay = digestDay }
        }
        return true
    }

    public func skipDigest(subscriptionID: Int64, day: Day) {
        subscriptions[subscriptionID]?.lastDigestDay = day
    }

    /// Queued mails due at `now` and not held by a live claim (one that ends before `now`
    /// has expired), the earliest due first (then by id), held for `claimer` until
    /// `now + lease`; returned in id order.
    public func claimDueMail(at now: Date, limit: Int, claimer: String, lease: TimeInterval) -> [OutboxMail] {
        let time = now.timeIntervalSince1970
        let due = outbox.values.filter { row in
            row.mail.status == .queued && row.nextAttemptAt <= time && (row.claimedUntil.map { $0 < time } ?? true)
        }.sorted { ($0.nextAttemptAt, $0.mail.id) < ($1.nextAttemptAt, $1.mail.id) }.prefix(max(0, limit))
        for row in due {
            outbox[row.mail.id]?.claimedBy = claimer
            outbox[row.mail.id]?.claimedUntil = time + lease
        }
        return due.map(\.mail).sorted { $0.id < $1.id }
    }

    /// Deliverers whose claim on a queued mail lasts until `now` or later.
    public func claimers(at now: Date) -> [String] {
        let time = now.timeIntervalSince1970
        let holding = outbox.values.filter { $0.mail.status == .queued && ($0.claimedUntil.map { $0 >= time } ?? false) }
        return Set(holding.compactMap(\.claimedBy)).sorted()
    }

    public func releaseClaims(of claimer: String) {
        for (id, row) in outbox where row.claimedBy == claimer && row.mail.status == .queued {
            outbox[id]?.claimedBy = nil
            outbox[id]?.claimedUntil = nil
        }
    }

    /// Sent: the claim ends and the subscription's run of bounces is over.
    public func markSent(_ mailID: Int64, at date: Date) {
        guard var row = outbox[mailID] else { return }
        row.mail.status = .sent
        row.mail.attempts += 1
        row.sentAt = date.timeIntervalSince1970
        row.lastError = nil
        row.claimedBy = nil
        row.claimedUntil = nil
        outbox[mailID] = row
        if let subscription = row.mail.subscriptionID, let bounces = subscriptions[subscription]?.bounces, bounces > 0 {
            subscriptions[subscription]?.bounces = 0
        }
    }

    /// A retry keeps the mail queued until `retryAt`; a permanent failure fails it and counts
    /// a bounce, pausing an active subscription at `pauseAfterBounces`.
    public func markFailed(_ mailID: Int64, error: String, retryAt: Date?, pauseAfterBounces: Int) {
        guard var row = outbox[mailID] else { return }
        row.mail.attempts += 1
        row.lastError = String(error.prefix(500))
        row.claimedBy = nil
        row.claimedUntil = nil
        if let retryAt {
            row.nextAttemptAt = retryAt.timeIntervalSince1970
            outbox[mailID] = row
            return
        }
        row.mail.status = .failed
        outbox[mailID] = row
        guard let id = row.mail.subscriptionID, var subscription = subscriptions[id] else { return }
        subscription.bounces += 1
        if subscription.bounces >= pauseAfterBounces && subscription.status == .active { subscription.status = .paused }
        subscriptions[subscription.id] = subscription
    }

    public func outboxCounts() -> [OutboxMail.Status: Int] {
        outbox.values.reduce(into: [:]) { $0[$1.mail.status, default: 0] += 1 }
    }
}
