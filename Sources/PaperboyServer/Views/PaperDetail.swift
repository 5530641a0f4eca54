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
    let code: CodeBadge?
    let projectPage: String?
    let venue: String?
    let doiURL: String?
    let aiSummary: String?
    let keywords: [KeywordLink]
    let hasKeywords: Bool
    /// Only Hugging Face's own thumbnail host is shown (the page's CSP allows it alone).
    let thumbnail: String?
    let discussion: Discussion?

    /// The paper's Hugging Face discussion.
    struct Discussion {
        let href: String
        let comments: String
    }

    struct KeywordLink {
        let name: String
        let href: String
    }

    init(_ paper: Paper, voted: Bool) {
        id = paper.id.isArxiv ? paper.id.rawValue : nil
        title = paper.title
        href = Link.paper(paper.id)
        voteAction = href + "/upvote"
        preview = PaperCard.preview(of: paper.abstract ?? paper.title, limit: 200)
        authorLinks = paper.authors.enumerated().map { i, name in
            AuthorLink(name: name, href: Link.phraseSearch(name, field: "au"),
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
        code = CodeBadge(paper)
        projectPage = paper.projectPage.flatMap { CodeBadge.shownName($0) == nil ? nil : $0 }
        // The journal reference has its own row; the venue row shows a venue named in the comments.
        venue = paper.journalRef == nil ? paper.venue : nil
        doiURL = paper.doi.map(PaperDetail.doiURL)
        aiSummary = paper.aiSummary
        keywords = paper.aiKeywords.map { KeywordLink(name: $0, href: Link.phraseSearch($0)) }
        hasKeywords = !paper.aiKeywords.isEmpty
        thumbnail = paper.thumbnail.flatMap { URLComponents(string: $0) }.flatMap { url in
            url.scheme == "https" && url.host == PaperDetail.thumbnailHost ? paper.thumbnail : nil
        }
        let huggingFace = PaperLinks(paper).huggingFace
        discussion = huggingFace.map { href in
            let n = paper.discussionComments ?? 0
            return Discussion(href: href + "#community", comments: n == 1 ? "1 comment" : "\(n) comments")
        }
    }

    /// The one image host pages load from (see `SecurityHeadersMiddleware`).
    static let thumbnailHost = "cdn-thumbnails.huggingface.co"

    /// The DOI resolver's link for a DOI, every byte outside a path's safe set percent-encoded.
    static func doiURL(_ doi: String) -> String {
        var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)...Unicode.Scalar(127)))
        allowed.insert(charactersIn: "-._~/:;()")
        return "https://doi.org/" + (doi.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")
    }
}
