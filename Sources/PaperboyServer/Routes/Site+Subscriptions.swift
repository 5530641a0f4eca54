import Foundation
import Hummingbird
import PaperboyCore
import PaperboyMail

/// Subscribing (form and API), confirming, managing and unsubscribing (one click, RFC 8058).
/// Every link a reader holds carries a signed token; GET requests never change anything,
/// so link scanners in mail systems cannot unsubscribe anyone.
extension Site {
    func addSubscriptions(to router: Router<AppRequestContext>) {
        router.getAndHead("/subscribe") { _, _ in HTMLPage(html: self.templates.render(.subscribe, SubscribeView())) }
        router.post("/subscribe") { request, context in try await self.subscribeFromForm(request, context) }
        router.getAndHead("/subscribe/confirm") { request, _ in try await self.confirm(request) }
        router.getAndHead("/subscribe/manage") { request, _ in try await self.managePage(request) }
        router.post("/subscribe/manage") { request, context in try await self.manageFromForm(request, context) }
        router.getAndHead("/unsubscribe") { request, _ in try await self.unsubscribePage(request) }
        router.post("/unsubscribe") { request, _ in try await self.unsubscribe(request) }
        router.post("/api/subscriptions") { request, context in try await self.subscribeFromAPI(request, context) }
    }

    struct SubscribeView {
        var q = ""
        var email = ""
        var topics = ""
        var daily = true
        var hours: [HourOption] = HourOption.all(selected: 7)
        var timezone = "UTC"
        var onlyWithCode = false
        var error: String?
    }

    struct HourOption {
        let value: Int
        let label: String
        let selected: Bool

        static func all(selected: Int) -> [HourOption] {
            (0...23).map { HourOption(value: $0, label: String(format: "%02d:00", $0), selected: $0 == selected) }
        }
    }

    /// The answer to every accepted request, whether or not the address was known.
    static let subscribeAnswer = "If the address can receive mail, a message is on its way: follow its link to confirm."

    private func subscribeFromForm(_ request: Request, _ context: AppRequestContext) async throws -> HTMLPage {
        try crossSite.check(request)
        var request = request
        let form = URLEncodedForm(String(buffer: try await request.collectBody(upTo: context.maxUploadSize)))
        let fields = SubscriptionForm(form, email: form["email"] ?? "")
        do {
            try await requestSubscription(fields, client: clientNetwork(request, context))
        } catch let invalid as SubscriptionForm.Invalid {
            var view = SubscribeView(email: fields.email, topics: (fields.topics ?? []).joined(separator: "\n"),
                                     daily: fields.frequency != "weekly", hours: HourOption.all(selected: fields.hour ?? 7),
                                     timezone: fields.timezone ?? "UTC", onlyWithCode: fields.onlyWithCode ?? false)
            view.error = "Please check the \(invalid.field): it \(invalid.problem)."
            return HTMLPage(html: templates.render(.subscribe, view), status: .badRequest)
        }
        return message("Check your inbox", Site.subscribeAnswer)
    }

    private func subscribeFromAPI(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        try crossSite.check(request)
        var request = request
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        let fields: SubscriptionForm
        do {
            fields = try JSONDecoder().decode(SubscriptionForm.self, from: Data(buffer: body))
        } catch {
            throw AppError.badParameter("body", "must be JSON: {\"email\": ..., \"topics\": [...], \"frequency\": \"daily\"|\"weekly\", \"hour\": 0-23, \"timezone\": \"Europe/Berlin\"}")
        }
        do {
            try await requestSubscription(fields, client: clientNetwork(request, context))
        } catch let invalid as SubscriptionForm.Invalid {
            throw AppError.badParameter(invalid.field, invalid.problem)
        }
        return try JSONBody(value: ["status": "accepted", "message": Site.subscribeAnswer], status: .accepted)
            .response(from: request, context: context)
    }

    /// Validates, rate-limits, stores and queues the confirmation (or, for a confirmed
    /// address, a manage link), then wakes the mailer. The caller answers the same either way.
    func requestSubscription(_ fields: SubscriptionForm, client: String) async throws {
        guard await subscribeLimiter.allow(client) else {
            throw AppError(.tooManyRequests, "Too many subscription requests from your address; try again in a minute.")
        }
        let subscription = try fields.validated()
        // A flood aimed at one inbox stops quietly: the answer must not differ. Counted per
        // mailbox, whatever its case or +tag.
        guard await addressLimiter.allow(subscription.email.canonical) else {
            logger.notice("subscription requests for one address limited")
            return
        }
        switch try await store.subscribe(subscription) {
        case .needsConfirmation(let pending): try await mailer.queueConfirmation(pending)
        case .alreadyConfirmed(let existing): try await mailer.queueManageLink(existing)
        }
        mailWakeUp.signal()
    }

    /// Confirms a pending subscription, for the subscribe request whose email carried the
    /// link: a link from an earlier request, or one followed after unsubscribing, does nothing.
    private func confirm(_ request: Request) async throws -> HTMLPage {
        let now = self.now()
        guard let token = try QueryParameters(request).text("token"), let claim = tokens.claim(token, .confirm, now: now),
              var subscription = try await store.subscription(id: claim.subscription), claim.round == subscription.confirmRound,
              subscription.status == .pending || subscription.status == .active else {
            return message("This link does not work", "It may have expired (links are valid for 7 days) or been replaced by a newer one. Subscribe again to get a new one.",
                           status: .badRequest)
        }
        if subscription.status == .pending {
            subscription.status = .active
            try await store.update(subscription)
        }
        return message("You are subscribed", "Your first digest comes at \(String(format: "%02d:00", subscription.hour)) (\(subscription.timeZone)).",
                       link: ("Change topics or frequency", mailer.links.manage(subscription.id, now: now)))
    }

    struct ManageView {
        var q = ""
        let token: String
        let email: String
        let topics: String
        let daily: Bool
        let hours: [HourOption]
        let timezone: String
        let onlyWithCode: Bool
        let status: String
        let paused: Bool
        var error: String?
        var saved = false
    }

    private func manageView(_ subscription: Subscription, token: String) -> ManageView {
        ManageView(token: token, email: subscription.email.value, topics: subscription.topics.map(\.description).joined(separator: "\n"),
                   daily: subscription.frequency == .daily, hours: HourOption.all(selected: subscription.hour),
                   timezone: subscription.timeZone, onlyWithCode: subscription.onlyWithCode, status: subscription.status.rawValue, paused: subscription.status == .paused)
    }

    private func managed(_ request: Request) async throws -> (String, Subscription)? {
        guard let token = try QueryParameters(request).text("token"), let id = tokens.subscription(token, .manage, now: now()),
              let subscription = try await store.subscription(id: id) else { return nil }
        return (token, subscription)
    }

    private func managePage(_ request: Request) async throws -> HTMLPage {
        guard let (token, subscription) = try await managed(request) else {
            return message("This link does not work", "Use the link at the bottom of your latest digest.", status: .badRequest)
        }
        return HTMLPage(html: templates.render(.manage, manageView(subscription, token: token)), noStore: true)
    }

    private func manageFromForm(_ request: Request, _ context: AppRequestContext) async throws -> HTMLPage {
        try crossSite.check(request)
        guard let (token, current) = try await managed(request) else {
            return message("This link does not work", "Use the link at the bottom of your latest digest.", status: .badRequest)
        }
        var request = request
        let form = URLEncodedForm(String(buffer: try await request.collectBody(upTo: context.maxUploadSize)))
        var subscription = current
        switch form["action"] ?? "save" {
        case "unsubscribe":
            subscription.status = .unsubscribed
        case "pause":
            subscription.status = .paused
        case "resume":
            subscription.status = .active
            subscription.bounces = 0
        default:
            let fields = SubscriptionForm(form, email: current.email.value)
            do {
                subscription.adoptSettings(of: try fields.validated())
            } catch let invalid as SubscriptionForm.Invalid {
                var view = manageView(current, token: token)
                view.error = "Please check the \(invalid.field): it \(invalid.problem)."
                return HTMLPage(html: templates.render(.manage, view), status: .badRequest, noStore: true)
            }
        }
        try await store.update(subscription)
        if subscription.status == .unsubscribed {
            return message("You are unsubscribed", "No more digests will come. You can subscribe again at any time.")
        }
        var view = manageView(subscription, token: token)
        view.saved = true
        return HTMLPage(html: templates.render(.manage, view), noStore: true)
    }

    struct UnsubscribeView {
        var q = ""
        let token: String
        let email: String
    }

    private func unsubscribePage(_ request: Request) async throws -> HTMLPage {
        guard let token = try QueryParameters(request).text("token"), let id = tokens.subscription(token, .unsubscribe, now: now()),
              let subscription = try await store.subscription(id: id) else {
            return message("This link does not work", "Use the link at the bottom of your latest digest.", status: .badRequest)
        }
        return HTMLPage(html: templates.render(.unsubscribe, UnsubscribeView(token: token, email: subscription.email.value)), noStore: true)
    }

    /// The one-click endpoint: mail clients POST `List-Unsubscribe=One-Click` to the link of
    /// the List-Unsubscribe header; the page's button posts the same. Allowed cross-site,
    /// since mail providers send it from their own servers; the signed token is the proof.
    private func unsubscribe(_ request: Request) async throws -> HTMLPage {
        guard let token = try QueryParameters(request).text("token"), let id = tokens.subscription(token, .unsubscribe, now: now()),
              var subscription = try await store.subscription(id: id) else {
            return message("This link does not work", "Use the link at the bottom of your latest digest.", status: .badRequest)
        }
        subscription.status = .unsubscribed
        try await store.update(subscription)
        return message("You are unsubscribed", "No more digests will come to \(subscription.email). You can subscribe again at any time.")
    }

    struct MessageView {
        var q = ""
        let title: String
        let text: String
        let link: String?
        let linkLabel: String?
    }

    /// Token pages answer with messages too; none of them is worth caching.
    func message(_ title: String, _ text: String, link: (String, String)? = nil, status: HTTPResponse.Status = .ok) -> HTMLPage {
        HTMLPage(html: templates.render(.message, MessageView(title: title, text: text, link: link?.1, linkLabel: link?.0)), status: status,
                 noStore: true)
    }
}

extension SubscriptionForm {
    /// The fields of the subscribe and manage forms (topics one per line).
    init(_ form: URLEncodedForm, email: String) {
        // Blank lines of the text area are no topics (the API counts its list as given).
        self.init(email: email, topics: (form["topics"] ?? "").components(separatedBy: .newlines)
                      .filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty },
                  frequency: form["frequency"], hour: form["hour"].flatMap { Int($0) }, timezone: form["timezone"],
                  // A checkbox is sent only when ticked.
                  onlyWithCode: form["code"] != nil)
    }
}
