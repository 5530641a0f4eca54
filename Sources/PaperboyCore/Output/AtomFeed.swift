/// An Atom 1.0 feed (RFC 4287) of papers, so a feed reader can follow trending papers or a
/// search.
public struct AtomFeed: Sendable {
    public var id: String
    public var title: String
    public var subtitle: String?
    /// The feed's own URL (`rel="self"`) and the page it mirrors (`rel="alternate"`).
    public var selfURL: String
    public var alternateURL: String
    /// The site's base URL, without a trailing slash, for links to paper pages.
    public var baseURL: String
    public var updated: Day
    public var papers: [Paper]

    public init(id: String, title: String, subtitle: String? = nil, selfURL: String, alternateURL: String,
                baseURL: String, updated: Day, papers: [Paper]) {
        self.id = id
        self.title = title
        self.subtitle = subtitle
        self.selfURL = selfURL
        self.alternateURL = alternateURL
        self.baseURL = baseURL
        self.updated = updated
        self.papers = papers
    }

    public static let mediaType = "application/atom+xml; charset=utf-8"

    public func xml() -> String {
        let e = XMLText.escaped
        var out = """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom">
              <id>\(e(id))</id>
              <title>\(e(title))</title>

            """
        if let subtitle { out += "  <subtitle>\(e(subtitle))</subtitle>\n" }
        out += """
              <updated>\(AtomFeed.timestamp(updated))</updated>
              <link rel="self" type="application/atom+xml" href="\(e(selfURL))"/>
              <link rel="alternate" type="text/html" href="\(e(alternateURL))"/>
              <generator>Paperboy</generator>

            """
        for paper in papers {
            let page = baseURL + PaperLinks.pagePath(paper.id)
            let published = paper.published ?? paper.appeared ?? updated
            let changed = max(paper.updated ?? published, paper.listed ?? published)
            out += "  <entry>\n"
            let links = PaperLinks(paper.id)
            out += "    <id>\(e(links.abstract ?? page))</id>\n"
            out += "    <title>\(e(paper.title))</title>\n"
            out += "    <link rel=\"alternate\" type=\"text/html\" href=\"\(e(page))\"/>\n"
            if let pdf = links.pdf {
                out += "    <link rel=\"related\" type=\"application/pdf\" href=\"\(e(pdf))\"/>\n"
            }
            // Stored links are http(s) URLs (`PaperDraft.webURL`), never a script.
            if let code = paper.codeRepository {
                let stars = paper.codeStars.map { " (\($0) stars)" } ?? ""
                out += "    <link rel=\"related\" type=\"text/html\" title=\"\(e("Code" + stars))\" href=\"\(e(code))\"/>\n"
            }
            if let project = paper.projectPage {
                out += "    <link rel=\"related\" type=\"text/html\" title=\"Project page\" href=\"\(e(project))\"/>\n"
            }
            out += "    <published>\(AtomFeed.timestamp(published))</published>\n"
            out += "    <updated>\(AtomFeed.timestamp(changed))</updated>\n"
            // Atom requires an author per entry (or on the feed); a paper without one is
            // credited to "Unknown" rather than made invalid.
            for author in paper.authors.isEmpty ? ["Unknown"] : paper.authors {
                out += "    <author><name>\(e(author))</name></author>\n"
            }
            for category in paper.categories {
                out += "    <category term=\"\(e(category))\"/>\n"
            }
            // Hugging Face's keywords, labelled apart from arXiv's categories.
            for keyword in paper.aiKeywords {
                out += "    <category scheme=\"https://huggingface.co/papers\" term=\"\(e(keyword))\"/>\n"
            }
            if let abstract = paper.abstract {
                out += "    <summary type=\"text\">\(e(abstract))</summary>\n"
            }
            out += "  </entry>\n"
        }
        return out + "</feed>\n"
    }

    static func timestamp(_ day: Day) -> String { day.description + "T00:00:00Z" }
}
