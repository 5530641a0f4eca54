import Foundation
import Hummingbird
import PaperboyCore

/// The library through the JSON API, for scripts (an API token: `Authorization: Bearer`) and
/// for the site's own pages (the session cookie, with the `X-CSRF-Token` header on writes;
/// `GET /api/account` tells a page its token). Paper ids travel in bodies, so old-style ids
/// need no escaping.
extension Site {
    func addLibraryAPI(to router: Router<AppRequestContext>) {
        router.getAndHead("/api/library") { request, context in try await self.libraryJSON(request, context) }
        router.post("/api/library/save") { request, context in try await self.saveFromAPI(request, context) }
        router.post("/api/library/remove") { request, context in try await self.removeFromAPI(request, context) }
        router.post("/api/library/rename") { request, context in try await self.renameFromAPI(request, context) }
        router.post("/api/library/import") { request, context in try await self.importFromAPI(request, context) }
        router.getAndHead("/api/library/export") { request, _ in try await self.export(request) }
        router.getAndHead("/api/ratings") { request, context in try await self.ratingsJSON(request, context) }
        router.post("/api/ratings") { request, context in try await self.rateFromAPI(request, context) }
    }

    struct LibraryJSON: Encodable {
        struct Collection: Encodable {
            let name: String
            let count: Int
        }

        struct Item: Encodable {
            let id: String
            let title: Nullable<String>
            let collections: [String]
            /// ISO 8601.
            let saved: String
        }

        let collection: Nullable<String>
        let collections: [Collection]
        let papers: [Item]
    }

    private func libraryJSON(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        guard let reader = try await reader(request) else { throw AppError.signInRequired(returnTo: nil) }
        let collection = try collectionName(try QueryParameters(request).text("collection", maxLength: 400))
        let saved = try await store.library(account: reader.account.id, collection: collection)
        let titles = Dictionary(try await store.papers(ids: saved.map(\.paper)).map { ($0.id, $0.title) }, uniquingKeysWith: { a, _ in a })
        let body = LibraryJSON(collection: Nullable(collection),
                               collections: try await store.collections(account: reader.account.id).map { .init(name: $0.name, count: $0.count) },
                               papers: saved.map { .init(id: $0.paper.rawValue, title: Nullable(titles[$0.paper]), collections: $0.collections,
                                                         saved: ISO8601DateFormatter().string(from: $0.saved)) })
        return try noStore(JSONBody(value: body).response(from: request, context: context))
    }

    /// The JSON body of a write, and its reader (CSRF checked for the cookie).
    private func apiWrite<Body: Decodable>(_ request: Request, _ context: AppRequestContext, _ type: Body.Type, example: String)
        async throws -> (Body, SignedInReader) {
        var request = request
        let data = try await request.collectBody(upTo: context.maxUploadSize)
        let reader = try await changingReader(request, csrf: nil, returnTo: nil)
        guard let body = try? JSONDecoder().decode(Body.self, from: Data(buffer: data)) else {
            throw AppError.badParameter("body", "must be JSON: \(example)")
        }
        return (body, reader)
    }

    private func paperID(_ text: String) throws -> PaperID {
        guard text.utf8.count <= 100, let (id, _) = PaperID.parse(text) else { throw AppError.badParameter("paper", "is not a paper id") }
        return id
    }

    private struct PaperInCollection: Decodable {
        let paper: String
        let collection: String?
    }

    private func saveFromAPI(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let (body, reader) = try await apiWrite(request, context, PaperInCollection.self, example: #"{"paper": "2401.00001", "collection": "Reading"}"#)
        let id = try paperID(body.paper)
        let collection = try collectionName(body.collection) ?? LibraryCollection.defaultName
        guard let added = try await store.save(id, in: collection, account: reader.account.id, at: now()) else { throw AppError.paperNotFound(id.rawValue) }
        struct Saved: Encodable { let paper: String; let collection: String; let added: Bool }
        return try JSONBody(value: Saved(paper: id.rawValue, collection: collection, added: added)).response(from: request, context: context)
    }

    private func removeFromAPI(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let (body, reader) = try await apiWrite(request, context, PaperInCollection.self, example: #"{"paper": "2401.00001", "collection": "Reading" (or none: every collection)}"#)
        let id = try paperID(body.paper)
        let removed = try await store.remove(id, from: try collectionName(body.collection), account: reader.account.id)
        struct Removed: Encodable { let paper: String; let removed: Int }
        return try JSONBody(value: Removed(paper: id.rawValue, removed: removed)).response(from: request, context: context)
    }

    private struct Rename: Decodable {
        let from: String
        let to: String
    }

    private func renameFromAPI(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let (body, reader) = try await apiWrite(request, context, Rename.self, example: #"{"from": "Reading", "to": "Read"}"#)
        guard let from = try collectionName(body.from), let to = try collectionName(body.to) else {
            throw AppError.badParameter("to", "give the collection a name")
        }
        let moved = try await store.renameCollection(from, to: to, account: reader.account.id)
        struct Renamed: Encodable { let from: String; let to: String; let moved: Int }
        return try JSONBody(value: Renamed(from: from, to: to, moved: moved)).response(from: request, context: context)
    }

    struct ImportJSON: Encodable {
        struct Miss: Encodable {
            let line: Int
            let key: Nullable<String>
            let title: Nullable<String>
            let reason: String
        }

        let format: String
        let collection: String
        let matched: Int
        let added: Int
        let duplicates: Int
        let unmatched: [Miss]
        let problems: [String]
        let titleMatching: Bool
    }

    /// The body is the file itself (BibTeX, CSL-JSON or a list of ids); `?collection=` names
    /// where the matches go (default "Imported").
    private func importFromAPI(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        // The reader first: nobody else makes the server hold 20 MiB.
        let reader = try await changingReader(request, csrf: nil, returnTo: nil)
        var request = request
        let data = try await request.collectBody(upTo: LibraryFile.maximumBytes + 1)
        let collection = try collectionName(try QueryParameters(request).text("collection", maxLength: 400)) ?? "Imported"
        let text = String(decoding: Array(buffer: data), as: UTF8.self)
        // No body is a mistake; a blank one is an empty file (nothing to match).
        guard !text.isEmpty else {
            throw AppError.badParameter("body", "must be the file: BibTeX, CSL-JSON or a list of arXiv ids")
        }
        let outcome = try await importLibrary(text, into: collection, account: reader.account.id)
        let body = ImportJSON(format: outcome.format.rawValue, collection: collection, matched: outcome.report.matched.count, added: outcome.added,
                              duplicates: outcome.report.duplicates,
                              unmatched: outcome.report.unmatched.map {
                                  .init(line: $0.reference.line, key: Nullable($0.reference.key), title: Nullable($0.reference.title), reason: $0.reason)
                              },
                              problems: outcome.problems, titleMatching: !outcome.titlesUnavailable)
        return try JSONBody(value: body).response(from: request, context: context)
    }

    private func ratingsJSON(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        guard let reader = try await reader(request) else { throw AppError.signInRequired(returnTo: nil) }
        let ratings = try await store.ratings(account: reader.account.id)
        let body = Dictionary(uniqueKeysWithValues: ratings.map { ($0.key.rawValue, $0.value == .up ? "up" : "down") })
        return try noStore(JSONBody(value: body).response(from: request, context: context))
    }

    private struct RatingBody: Decodable {
        let paper: String
        let rating: String?
    }

    private func rateFromAPI(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let (body, reader) = try await apiWrite(request, context, RatingBody.self, example: #"{"paper": "2401.00001", "rating": "up" | "down" | null}"#)
        let id = try paperID(body.paper)
        let rating = try Self.rating(body.rating)
        guard try await store.rate(id, rating, account: reader.account.id, at: now()) else { throw AppError.paperNotFound(id.rawValue) }
        struct Rated: Encodable { let paper: String; let rating: Nullable<String> }
        return try JSONBody(value: Rated(paper: id.rawValue, rating: Nullable(rating.map { $0 == .up ? "up" : "down" })))
            .response(from: request, context: context)
    }

    private func noStore(_ response: Response) -> Response {
        var response = response
        response.headers[.cacheControl] = "no-store"
        return response
    }
}
