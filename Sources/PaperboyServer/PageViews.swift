import Foundation
import PaperboyCore

/// What the templates show. Plain values only: the templates decide markup, and Mustache
/// escapes every value.
struct CategoryLink {
    let name: String
    let href: String

    init(_ category: String) {
        name = category
        href = Link.search(["q": "cat:" + category])
    }
}

struct AuthorLink {
    let name: String
    let href: String
    let last: Bool
}

/// A paper in a list (trending, search results, similar papers).
struct PaperCard {
    let id: String
    let title: String
    let href: String
    let voteAction: String
    let returnTo: String
    let authors: String
    let date: String?
    let categories: [CategoryLink]
    let upvotes: Int
    let voted: Bool
    let preview: String?

    init(_ paper: Paper, voted: Bool, returnTo: String, preview: Bool = true) {
        id = paper.id.rawValue
        title = paper.title
        href = Link.paper(paper.id)
        voteAction = href + "/upvote"
        self.returnTo = returnTo
        let shown = paper.authors.prefix(5).joined(separator: ", ")
        authors = paper.authors.count > 5 ? shown + " et al." : shown
        date = paper.appeared?.description
        categories = paper.categories.prefix(4).map(CategoryLink.init)
        upvotes = paper.totalUpvotes ?? 0
        self.voted = voted
        self.preview = preview ? paper.abstract.map { PaperCard.preview(of: $0) } : nil
    }

    /// The first sentences of an abstract, cut at a word boundary near `limit` characters.
    static func preview(of abstract: String, limit: Int = 280) -> String {
        guard abstract.count > limit else { return abstract }
        let cut = abstract.prefix(limit)
        let end = cut.lastIndex(of: " ") ?? cut.endIndex
        return String(cut[..<end]) + " …"
    }
}

/// The paper page's own view of a paper.
struct PaperDetail {
    let id: String?
    let title: String
    let href: String
    let voteAction: String
    let preview: String
    let authorLinks: [AuthorLink]
    let version: Int?
    let published: String?
    let updated: String?
    let listed: String?
    let categories: [CategoryLink]
    let hasCategories: Bool
    let journalRef: String?
    let doi: String?
    let comments: String?
    let upvotes: Int
    let voted: Bool
    let absURL: String?
    let pdfURL: String?
    let abstract: String?
    let bibtex: String

    init(_ paper: Paper, voted: Bool) {
        id = paper.id.isArxiv ? paper.id.rawValue : nil
        title = paper.title
        href = Link.paper(paper.id)
        voteAction = href + "/upvote"
        preview = PaperCard.preview(of: paper.abstract ?? paper.title, limit: 200)
        authorLinks = paper.authors.enumerated().map { i, name in
            AuthorLink(name: name, href: Link.search(["q": "au:\"\(String(String.UnicodeScalarView(name.unicodeScalars.filter { $0 != "\"" })))\""]),
                       last: i == paper.authors.count - 1)
        }
        version = paper.version
        published = paper.published?.description
        updated = paper.updated.flatMap { $0 == paper.published ? nil : $0.description }
        listed = paper.listed?.description
        categories = paper.categories.map(CategoryLink.init)
        hasCategories = !paper.categories.isEmpty
        journalRef = paper.journalRef
        doi = paper.doi
        comments = paper.comments
        upvotes = paper.totalUpvotes ?? 0
        self.voted = voted
        let links = PaperLinks(paper.id)
        absURL = links.abstract
        pdfURL = links.pdf
        abstract = paper.abstract
        bibtex = BibTeX.entry(for: paper)
    }
}

struct Pager {
    let page: Int
    let pages: Int
    let previous: String?
    let next: String?

    /// Nil when everything fits on one page.
    static func make(total: Int, page: Int, perPage: Int, link: (Int) -> String) -> Pager? {
        let pages = max(1, (total + perPage - 1) / perPage)
        guard pages > 1 else { return nil }
        return Pager(page: page, pages: pages, previous: page > 1 ? link(page - 1) : nil,
                     next: page < pages ? link(page + 1) : nil)
    }
}

/// Site-relative links, with query values percent-encoded.
enum Link {
    /// Old-style ids (`hep-th/9901001`) keep their slash as `%2F`, so every id is one
    /// path segment.
    static func paper(_ id: PaperID) -> String { PaperLinks.pagePath(id) }

    static func search(_ parameters: [String: String?]) -> String { "/search" + query(parameters) }

    static func query(_ parameters: [String: String?]) -> String {
        let pairs = parameters.compactMap { key, value in value.map { (key, $0) } }.sorted { $0.0 < $1.0 }
        guard !pairs.isEmpty else { return "" }
        return "?" + pairs.map { "\($0.0)=\(encode($0.1))" }.joined(separator: "&")
    }

    private static let allowed: CharacterSet = {
        var set = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)...Unicode.Scalar(127)))
        set.insert(charactersIn: "-._~:")
        return set
    }()

    static func encode(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    /// A `return` target from a form: only a path on this site ("/..." but not "//host").
    static func safeReturn(_ value: String?) -> String? {
        // On bytes: `/` followed by a combining mark is one Character, so a Character-based
        // `hasPrefix("//")` would let `//̸evil.example` through. Our own links are
        // percent-encoded, so any byte outside printable ASCII means the value is not one.
        guard let value else { return nil }
        let bytes = Array(value.utf8)
        guard bytes.first == UInt8(ascii: "/"), bytes.dropFirst().first != UInt8(ascii: "/"), !bytes.contains(UInt8(ascii: "\\")),
              bytes.count <= 2_000, !bytes.contains(where: { $0 < 0x20 || $0 >= 0x7F }) else { return nil }
        return value
    }
}
