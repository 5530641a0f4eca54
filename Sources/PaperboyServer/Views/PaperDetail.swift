import Foundation
import PaperboyCore

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
