import Foundation
import PaperboyCore

/// A paper in a list (trending, search results, similar papers, the library, for you).
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
    let code: CodeBadge?
    /// Hugging Face's one-line summary, labelled as theirs. (Named apart from every page's
    /// own keys: Mustache looks a missing key up in the enclosing page, whose `summary` is
    /// the search page's result count.)
    let hfSummary: String?
    let venue: String?
    let library: LibraryButtons
    var reason: RecommendationReasonView?

    init(_ paper: Paper, voted: Bool, returnTo: String, preview: Bool = true, marks: ReaderMarks = .none) {
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
        code = CodeBadge(paper)
        hfSummary = paper.aiSummary
        venue = paper.venue.map { PaperCard.preview(of: $0, limit: 60) }
        library = LibraryButtons(paper.id, marks: marks)
    }

    /// The first sentences of an abstract, cut at a word boundary near `limit` characters.
    static func preview(of abstract: String, limit: Int = 280) -> String {
        guard abstract.count > limit else { return abstract }
        let cut = abstract.prefix(limit)
        let end = cut.lastIndex(of: " ") ?? cut.endIndex
        return String(cut[..<end]) + " …"
    }
}
