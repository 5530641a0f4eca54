import Foundation
import Hummingbird
import PaperboyCore

/// A reader's library on the pages: save and remove papers, thumbs up and down (buttons on
/// every card), collections (rename, which merges into an existing one), import from
/// BibTeX, CSL-JSON or a list of ids, and export as BibTeX or CSL-JSON.
extension Site {
    func addLibrary(to router: Router<AppRequestContext>) {
        router.post("/papers/{id}/save") { request, context in try await self.saveFromForm(request, context) }
        router.post("/papers/{id}/unsave") { request, context in try await self.unsaveFromForm(request, context) }
        router.post("/papers/{id}/rate") { request, context in try await self.rateFromForm(request, context) }
        router.getAndHead("/library") { request, _ in try await self.libraryPage(request) }
        router.post("/library/rename") { request, context in try await self.renameFromForm(request, context) }
        router.post("/library/import") { request, context in try await self.importFromForm(request, context) }
        router.getAndHead("/library/export") { request, _ in try await self.export(request) }
    }

    /// What the reader saved and rated, for marking cards; none for a visitor.
    func marks(_ reader: SignedInReader?) async throws -> ReaderMarks {
        guard let reader else { return .none }
        return ReaderMarks(library: try await store.library(account: reader.account.id, collection: nil),
                           ratings: try await store.ratings(account: reader.account.id))
    }

    /// A form of a paper's buttons: its fields, the reader (CSRF checked) and where to go back.
    private func paperForm(_ request: Request, _ context: AppRequestContext) async throws -> (PaperID, URLEncodedForm, SignedInReader, String) {
        let id = try paperID(context)
        var request = request
        let form = URLEncodedForm(String(buffer: try await request.collectBody(upTo: context.maxUploadSize)))
        let back = Link.safeReturn(form["return"]) ?? Link.paper(id)
        let reader = try await changingReader(request, csrf: form["csrf"], returnTo: back)
        return (id, form, reader, back)
    }

    private func saveFromForm(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let (id, form, reader, back) = try await paperForm(request, context)
        let collection = try collectionName(form["collection"]) ?? LibraryCollection.defaultName
        guard try await store.save(id, in: collection, account: reader.account.id, at: now()) != nil else { throw AppError.paperNotFound(id.rawValue) }
        return Response(status: .seeOther, headers: [.location: back])
    }

    private func unsaveFromForm(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let (id, form, reader, back) = try await paperForm(request, context)
        _ = try await store.remove(id, from: try collectionName(form["collection"]), account: reader.account.id)
        return Response(status: .seeOther, headers: [.location: back])
    }

    private func rateFromForm(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let (id, form, reader, back) = try await paperForm(request, context)
        let rating = try Self.rating(form["rating"])
        guard try await store.rate(id, rating, account: reader.account.id, at: now()) else { throw AppError.paperNotFound(id.rawValue) }
        return Response(status: .seeOther, headers: [.location: back])
    }

    /// `up`, `down`, or `none` (clears).
    static func rating(_ text: String?) throws -> Rating? {
        switch text {
        case "up": .up
        case "down": .down
        case "none", "", nil: nil
        default: throw AppError.badParameter("rating", "must be up, down or none")
        }
    }

    /// A collection name as typed, normalised; nil when none was given.
    func collectionName(_ text: String?) throws -> String? {
        guard let text, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
        guard let name = LibraryCollection.normalized(text) else {
            throw AppError.badParameter("collection", "must be 1 to \(LibraryCollection.maximumLength) characters, without control characters")
        }
        return name
    }

    struct CollectionLink {
        let name: String
        let count: Int
        let href: String
        let current: Bool
    }

    struct LibraryView {
        var q = ""
        let collection: String?
        let collections: [CollectionLink]
        let total: Int
        let cards: [PaperCard]
        let hasCards: Bool
        let bibtexHref: String
        let cslHref: String
        let forYouHref: String
        var report: ImportReportView?
        var error: String?
    }

    struct ImportReportView {
        let format: String
        let matched: Int
        let added: Int
        /// Nil for none (Mustache shows a section for any number, 0 included).
        let duplicates: Int?
        let collection: String
        let unmatched: [UnmatchedView]
        let hasUnmatched: Bool
        let moreUnmatched: Int?
        let problems: [String]
        let titlesUnavailable: Bool
    }

    struct UnmatchedView {
        let label: String
        let reason: String
    }

    func libraryView(_ reader: SignedInReader, collection: String?) async throws -> LibraryView {
        let account = reader.account.id
        let saved = try await store.library(account: account, collection: collection)
        let collections = try await store.collections(account: account)
        let shown = Array(saved.prefix(500))
        let papers = Dictionary(try await store.papers(ids: shown.map(\.paper)).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let everything = collection == nil ? saved : try await store.library(account: account, collection: nil)
        let marks = ReaderMarks(library: everything, ratings: try await store.ratings(account: account))
        let here = "/library" + Link.query(["collection": collection])
        let query = ["collection": collection]
        return LibraryView(
            collection: collection,
            collections: collections.map { CollectionLink(name: $0.name, count: $0.count, href: "/library" + Link.query(["collection": $0.name]),
                                                         current: $0.name == collection) },
            total: saved.count,
            cards: shown.compactMap { papers[$0.paper] }.map { PaperCard($0, voted: false, returnTo: here, marks: marks) },
            hasCards: !shown.isEmpty,
            bibtexHref: "/library/export" + Link.query(query.merging(["format": "bibtex"]) { $1 }),
            cslHref: "/library/export" + Link.query(query.merging(["format": "csl-json"]) { $1 }),
            forYouHref: "/for-you" + Link.query(query))
    }

    private func libraryPage(_ request: Request) async throws -> HTMLPage {
        let collection = try collectionName(try QueryParameters(request).text("collection", maxLength: 400))
        guard let reader = try await reader(request) else {
            throw AppError.signInRequired(returnTo: "/library" + Link.query(["collection": collection]))
        }
        return HTMLPage(html: templates.render(.library, try await libraryView(reader, collection: collection), viewer: reader), noStore: true)
    }

    private func renameFromForm(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        var request = request
        let form = URLEncodedForm(String(buffer: try await request.collectBody(upTo: context.maxUploadSize)))
        let reader = try await changingReader(request, csrf: form["csrf"], returnTo: "/library")
        guard let from = try collectionName(form["from"]), let to = try collectionName(form["to"]) else {
            throw AppError.badParameter("to", "give the collection a name")
        }
        _ = try await store.renameCollection(from, to: to, account: reader.account.id)
        return Response(status: .seeOther, headers: [.location: "/library" + Link.query(["collection": to])])
    }

    /// The upload form: multipart with a `file` (or a pasted `text`), a `collection` and the CSRF token.
    private func importFromForm(_ request: Request, _ context: AppRequestContext) async throws -> HTMLPage {
        // Only a signed-in reader's upload is read: nobody else makes the server hold 20 MiB.
        try crossSite.check(request)
        guard try await reader(request) != nil else { throw AppError.signInRequired(returnTo: "/library") }
        var request = request
        let body = try await request.collectBody(upTo: LibraryFile.maximumBytes + 64 * 1024)
        let bytes = Array(buffer: body)
        let fields: (file: [UInt8]?, text: String?, collection: String?, csrf: String?)
        if let boundary = MultipartForm.boundary(contentType: request.headers[.contentType]) {
            guard let form = MultipartForm(body: bytes, boundary: boundary) else { throw AppError(.badRequest, "The upload is malformed.") }
            fields = (form.part("file")?.data, form.text("text"), form.text("collection"), form.text("csrf"))
        } else {
            let form = URLEncodedForm(String(decoding: bytes, as: UTF8.self))
            fields = (nil, form["text"], form["collection"], form["csrf"])
        }
        let reader = try await changingReader(request, csrf: fields.csrf, returnTo: "/library")
        let collection = try collectionName(fields.collection) ?? "Imported"
        let text = fields.file.flatMap { $0.isEmpty ? nil : String(decoding: $0, as: UTF8.self) } ?? fields.text ?? ""
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            var view = try await libraryView(reader, collection: collection)
            view.error = "Choose a file (BibTeX, CSL-JSON or a list of arXiv ids) or paste one."
            return HTMLPage(html: templates.render(.library, view, viewer: reader), status: .badRequest, noStore: true)
        }
        let outcome = try await importLibrary(text, into: collection, account: reader.account.id)
        var view = try await libraryView(reader, collection: collection)
        view.report = ImportReportView(outcome, collection: collection)
        return HTMLPage(html: templates.render(.library, view, viewer: reader), noStore: true)
    }

    /// A library export: BibTeX (arXiv's own entry style) or CSL-JSON, as a download.
    func export(_ request: Request) async throws -> Response {
        let parameters = QueryParameters(request)
        let collection = try collectionName(try parameters.text("collection", maxLength: 400))
        guard let reader = try await reader(request) else {
            throw AppError.signInRequired(returnTo: "/library" + Link.query(["collection": collection]))
        }
        let format = try parameters.text("format") ?? "bibtex"
        let saved = try await store.library(account: reader.account.id, collection: collection)
        let byID = Dictionary(try await store.papers(ids: saved.map(\.paper)).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let papers = saved.compactMap { byID[$0.paper] }
        let base = (collection ?? "library").unicodeScalars.map { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) ? Character($0) : "-" }
        let name = "paperboy-" + String(base.prefix(60))
        let (data, type, ext): (Data, String, String)
        switch format {
        case "bibtex": (data, type, ext) = (Data((papers.map(BibTeX.entry(for:)).joined(separator: "\n\n") + "\n").utf8), "application/x-bibtex; charset=utf-8", "bib")
        case "csl-json": (data, type, ext) = (try CSLJSON.export(papers), "application/vnd.citationstyles.csl+json; charset=utf-8", "json")
        default: throw AppError.badParameter("format", "must be bibtex or csl-json")
        }
        return Response(status: .ok, headers: [.contentType: type, .contentDisposition: "attachment; filename=\"\(name).\(ext)\"", .cacheControl: "no-store"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

extension Site.ImportReportView {
    init(_ outcome: LibraryImportOutcome, collection: String) {
        format = outcome.format.rawValue
        matched = outcome.report.matched.count
        added = outcome.added
        duplicates = outcome.report.duplicates > 0 ? outcome.report.duplicates : nil
        self.collection = collection
        unmatched = outcome.report.unmatched.prefix(200).map { miss in
            let reference = miss.reference
            let label = reference.title ?? reference.key ?? reference.arxivID?.rawValue ?? reference.doi ?? "entry"
            return Site.UnmatchedView(label: "\(label) (line \(reference.line))", reason: miss.reason)
        }
        hasUnmatched = !outcome.report.unmatched.isEmpty
        moreUnmatched = outcome.report.unmatched.count > 200 ? outcome.report.unmatched.count - 200 : nil
        problems = Array(outcome.problems.prefix(50))
        titlesUnavailable = outcome.titlesUnavailable
    }
}
