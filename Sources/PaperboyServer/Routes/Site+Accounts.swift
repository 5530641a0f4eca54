import Foundation
import Hummingbird
import PaperboyCore

/// Accounts without passwords: a sign-in link by email (signed, 15 minutes, once), a session
/// cookie, sign-out, API tokens and deleting the account with everything that is the reader's.
/// As with subscriptions, GET requests change nothing: the emailed link opens a page whose
/// button signs in, so a mail scanner that follows links spends no link.
extension Site {
    func addAccounts(to router: Router<AppRequestContext>) {
        router.getAndHead("/signin") { request, context in try await self.signInPage(request, context) }
        router.post("/signin") { request, context in try await self.requestSignIn(request, context) }
        router.getAndHead("/signin/verify") { request, _ in try await self.verifyPage(request) }
        router.post("/signin/verify") { request, context in try await self.signIn(request, context) }
        router.post("/signout") { request, context in try await self.signOut(request, context) }
        router.getAndHead("/account") { request, _ in try await self.accountPage(request) }
        router.post("/account/token") { request, context in try await self.createAPIToken(request, context) }
        router.post("/account/delete") { request, context in try await self.deleteAccount(request, context) }
        router.post("/api/signin") { request, context in try await self.requestSignInFromAPI(request, context) }
        router.getAndHead("/api/account") { request, context in try await self.accountJSON(request, context) }
    }

    struct SignInView {
        var q = ""
        var email = ""
        var returnTo: String?
        var error: String?
    }

    private func signInPage(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let returnTo = Link.safeReturn(try QueryParameters(request).text("return"))
        if try await reader(request) != nil {
            return Response(status: .seeOther, headers: [.location: returnTo ?? "/account"])
        }
        return try HTMLPage(html: templates.render(.signin, SignInView(returnTo: returnTo)), noStore: true)
            .response(from: request, context: context)
    }

    static let signInAnswer = "If the address can receive mail, a sign-in link is on its way. It works once, for 15 minutes."

    private func requestSignIn(_ request: Request, _ context: AppRequestContext) async throws -> HTMLPage {
        try crossSite.check(request)
        var request = request
        let form = URLEncodedForm(String(buffer: try await request.collectBody(upTo: context.maxUploadSize)))
        let returnTo = Link.safeReturn(form["return"])
        guard let email = EmailAddress((form["email"] ?? "").trimmingCharacters(in: .whitespaces)) else {
            let view = SignInView(email: form["email"] ?? "", returnTo: returnTo, error: "Please check the address: it is not an email address.")
            return HTMLPage(html: templates.render(.signin, view), status: .badRequest, noStore: true)
        }
        try await sendSignInLink(to: email, returnTo: returnTo, client: clientNetwork(request, context))
        return message("Check your inbox", Site.signInAnswer)
    }

    private func requestSignInFromAPI(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        try crossSite.check(request)
        var request = request
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        struct Body: Decodable { let email: String }
        guard let decoded = try? JSONDecoder().decode(Body.self, from: Data(buffer: body)), let email = EmailAddress(decoded.email) else {
            throw AppError.badParameter("email", "must be an email address: {\"email\": \"you@example.org\"}")
        }
        try await sendSignInLink(to: email, returnTo: nil, client: clientNetwork(request, context))
        return try JSONBody(value: ["status": "accepted", "message": Site.signInAnswer], status: .accepted)
            .response(from: request, context: context)
    }

    /// Rate-limited per client and (quietly, so the answer never differs) per mailbox.
    private func sendSignInLink(to email: EmailAddress, returnTo: String?, client: String) async throws {
        guard await subscribeLimiter.allow(client) else {
            throw AppError(.tooManyRequests, "Too many requests from your address; try again in a minute.")
        }
        guard await addressLimiter.allow("signin " + email.canonical) else {
            logger.notice("sign-in requests for one address limited")
            return
        }
        let now = now()
        let link = mailer.links.site + "/signin/verify" + Link.query(["token": signInTokens.token(for: email, now: now), "return": returnTo])
        try await mailer.queueSignIn(to: email, link: link, now: now)
        mailWakeUp.signal()
    }

    struct VerifyView {
        var q = ""
        let token: String
        let email: String
        let returnTo: String?
    }

    private func verifyPage(_ request: Request) async throws -> HTMLPage {
        let parameters = QueryParameters(request)
        guard let token = try parameters.text("token"), let claim = signInTokens.claim(token, now: now()) else {
            return expiredLink()
        }
        let view = VerifyView(token: token, email: claim.email.value, returnTo: Link.safeReturn(try parameters.text("return")))
        return HTMLPage(html: templates.render(.signinVerify, view), noStore: true)
    }

    private func expiredLink() -> HTMLPage {
        message("This link does not work", "Sign-in links work once, for 15 minutes. Ask for a new one.", link: ("Sign in", "/signin"),
                status: .badRequest)
    }

    /// Spends the link and starts a session: a new token every time, so no token a visitor
    /// held before signing in (planted or not) becomes a session.
    private func signIn(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        try crossSite.check(request)
        var request = request
        let form = URLEncodedForm(String(buffer: try await request.collectBody(upTo: context.maxUploadSize)))
        let now = now()
        guard let token = form["token"], let claim = signInTokens.claim(token, now: now),
              try await store.spendLoginNonce(claim.nonce, expires: claim.expires) else {
            return try expiredLink().response(from: request, context: context)
        }
        let account = try await store.account(email: claim.email, creatingAt: now)
        let session = sessions.tokens.newToken()
        try await store.createSession(tokenHash: session.hash, account: account.id, expires: now.addingTimeInterval(ReaderSessions.lifetime))
        logger.info("signed in", metadata: ["account": "\(account.id)"])
        // The site's first reader: recommendations and the import catalog are built now
        // (nothing happens when they exist or are being built).
        recommender.startBuilding(from: store, logger: logger)
        var response = Response(status: .seeOther, headers: [.location: Link.safeReturn(form["return"]) ?? "/for-you", .cacheControl: "no-store"])
        response.setCookie(sessions.cookie(session.token))
        return response
    }

    private func signOut(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        var request = request
        let form = URLEncodedForm(String(buffer: try await request.collectBody(upTo: context.maxUploadSize)))
        let reader = try await changingReader(request, csrf: form["csrf"], returnTo: "/")
        try await store.deleteSession(tokenHash: reader.tokenHash)
        var response = Response(status: .seeOther, headers: [.location: "/"])
        if !reader.bearer { response.setCookie(sessions.clearedCookie()) }
        return response
    }

    struct AccountView {
        var q = ""
        let email: String
        let since: String
        let subscription: String?
        let manageLink: String?
        let collections: Int
        let saved: Int
        let ratings: Int
        var apiToken: String?
    }

    private func accountView(_ reader: SignedInReader) async throws -> AccountView {
        let subscription = try await store.subscription(email: reader.account.email)
        let library = try await store.library(account: reader.account.id, collection: nil)
        let collections = try await store.collections(account: reader.account.id)
        let ratings = try await store.ratings(account: reader.account.id)
        let status = subscription.map { s -> String in
            switch s.status {
            case .active: "Your \(s.frequency.rawValue) digest comes at \(String(format: "%02d:00", s.hour)) (\(s.timeZone))."
            case .pending: "Your subscription waits for you to confirm it (see the mail we sent)."
            case .paused: "Your digest is paused."
            case .unsubscribed: "You unsubscribed from the digest."
            }
        }
        return AccountView(email: reader.account.email.value, since: Day(reader.account.created).description, subscription: status,
                           manageLink: subscription.map { mailer.links.manage($0.id, now: now()) }, collections: collections.count,
                           saved: library.count, ratings: ratings.count)
    }

    private func accountPage(_ request: Request) async throws -> HTMLPage {
        guard let reader = try await reader(request) else { throw AppError.signInRequired(returnTo: "/account") }
        return HTMLPage(html: templates.render(.account, try await accountView(reader), viewer: reader), noStore: true)
    }

    /// A token for scripts: a session of its own that lasts a year, shown once.
    private func createAPIToken(_ request: Request, _ context: AppRequestContext) async throws -> HTMLPage {
        var request = request
        let form = URLEncodedForm(String(buffer: try await request.collectBody(upTo: context.maxUploadSize)))
        let reader = try await changingReader(request, csrf: form["csrf"], returnTo: "/account")
        let session = sessions.tokens.newToken()
        try await store.createSession(tokenHash: session.hash, account: reader.account.id,
                                      expires: now().addingTimeInterval(ReaderSessions.apiTokenLifetime))
        var view = try await accountView(reader)
        view.apiToken = session.token
        return HTMLPage(html: templates.render(.account, view, viewer: reader), noStore: true)
    }

    private func deleteAccount(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        var request = request
        let form = URLEncodedForm(String(buffer: try await request.collectBody(upTo: context.maxUploadSize)))
        let reader = try await changingReader(request, csrf: form["csrf"], returnTo: "/account")
        guard form["confirm"] == "yes" else {
            throw AppError(.badRequest, "Tick the box to confirm that everything should be deleted.", parameter: "confirm")
        }
        _ = try await store.deleteAccount(id: reader.account.id)
        await recommender.forget(account: reader.account.id)
        logger.info("account deleted", metadata: ["account": "\(reader.account.id)"])
        var response = try self.message("Your account is deleted", "Your library, ratings, sessions and digest subscription are gone.")
            .response(from: request, context: context)
        response.setCookie(sessions.clearedCookie())
        return response
    }

    private func accountJSON(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        guard let reader = try await reader(request) else { throw AppError.signInRequired(returnTo: nil) }
        struct Body: Encodable { let email: String; let created: String; let csrf: Nullable<String> }
        return try JSONBody(value: Body(email: reader.account.email.value, created: ISO8601DateFormatter().string(from: reader.account.created),
                                        csrf: Nullable(reader.bearer ? nil : reader.csrf)))
            .response(from: request, context: context)
    }
}
