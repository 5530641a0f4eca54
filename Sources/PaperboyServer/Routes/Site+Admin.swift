import Crypto
import Foundation
import Hummingbird
import PaperboyCore

/// Operator pages under /admin, open only with `PAPERBOY_ADMIN_TOKEN` (as a Bearer token, or
/// as the password of HTTP Basic, so a browser can open them).
extension Site {
    func addAdmin(to router: Router<AppRequestContext>) {
        router.getAndHead("/admin/sources") { request, _ in try await self.sourcesPage(request) }
    }

    /// Whether the request carries the admin token; compared in constant time.
    func isAdmin(_ request: Request) -> Bool {
        guard let token = settings.adminToken, let header = request.headers[.authorization] else { return false }
        var given: String?
        if header.hasPrefix("Bearer ") {
            given = String(header.dropFirst(7))
        } else if header.hasPrefix("Basic "), let decoded = Data(base64Encoded: String(header.dropFirst(6))),
                  let text = String(data: decoded, encoding: .utf8), let colon = text.firstIndex(of: ":") {
            given = String(text[text.index(after: colon)...])
        }
        guard let given else { return false }
        return Data(SHA256.hash(data: Data(given.utf8))) == Data(SHA256.hash(data: Data(token.utf8)))
    }

    struct SourceRow {
        let name: String
        let schedule: String
        let state: String
        let runs: Int
        let failures: Int
        let lastStart: String
        let lastResult: String
        let failed: Bool
        let nextRun: String
    }

    struct ProgressRow {
        let source: String
        let savedAt: String
        let state: String
    }

    struct ProblemRow {
        let job: String
        let item: String
        let reason: String
        let count: Int
        let lastAt: String
    }

    struct SourcesView {
        var q = ""
        let sources: [SourceRow]
        let hasSources: Bool
        let progress: [ProgressRow]
        let papers: Int
        let problems: [ProblemRow]
        let hasProblems: Bool
    }

    private func sourcesPage(_ request: Request) async throws -> Response {
        guard settings.adminToken != nil else { throw AppError(.notFound, "The admin pages are off (set PAPERBOY_ADMIN_TOKEN).") }
        guard isAdmin(request) else {
            var response = Response(status: .unauthorized, headers: [.contentType: "text/plain; charset=utf-8"],
                                    body: .init(byteBuffer: ByteBuffer(string: "The admin token is required.\n")))
            response.headers[.wwwAuthenticate] = "Basic realm=\"Paperboy admin\", charset=\"UTF-8\""
            return response
        }
        let formatter = ISO8601DateFormatter()
        func time(_ date: Date?) -> String { date.map { formatter.string(from: $0) } ?? "—" }
        let rows = await fetchBoard.all().map { status in
            SourceRow(name: status.name, schedule: status.schedule, state: status.running ? "running" : "idle", runs: status.runs,
                      failures: status.failures, lastStart: time(status.lastStart),
                      lastResult: status.lastError.map { "failed: \($0)" } ?? status.lastSummary ?? "—",
                      failed: status.lastError != nil, nextRun: time(status.nextRun))
        }
        let progress = try await store.fetchStates().map { ProgressRow(source: $0.key, savedAt: time($0.savedAt), state: $0.value) }
        let problems = try await store.problems(nil, limit: 100).map {
            ProblemRow(job: $0.job.rawValue, item: $0.item, reason: $0.reason, count: $0.count, lastAt: time($0.lastAt))
        }
        let view = SourcesView(sources: rows, hasSources: !rows.isEmpty, progress: progress, papers: try await store.count(),
                               problems: problems, hasProblems: !problems.isEmpty)
        return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                        body: .init(byteBuffer: ByteBuffer(string: templates.render(.adminSources, view))))
    }
}
