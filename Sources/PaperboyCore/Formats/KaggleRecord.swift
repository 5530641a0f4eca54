import Foundation

/// One line of the Kaggle arXiv metadata snapshot (`arxiv-metadata-oai-snapshot.json`).
struct KaggleRecord: Decodable {
    struct Version: Decodable {
        var version: String?
        var created: String?
    }

    var id: String?
    var authors: String?
    var title: String?
    var comments: String?
    var journalRef: String?
    var doi: String?
    var categories: String?
    var abstract: String?
    var versions: [Version]?
    var updateDate: String?
    var authorsParsed: [[String]]?

    enum CodingKeys: String, CodingKey {
        case id, authors, title, comments
        case journalRef = "journal-ref"
        case doi, categories, abstract, versions
        case updateDate = "update_date"
        case authorsParsed = "authors_parsed"
    }

    static func draft(from line: Data, decoder: JSONDecoder) throws -> PaperDraft {
        let record = try decoder.decode(KaggleRecord.self, from: line)
        var d = PaperDraft()
        d.id = record.id
        d.title = record.title
        d.abstract = record.abstract
        if let parsed = record.authorsParsed, !parsed.isEmpty {
            d.authors = parsed.map(AuthorNames.fromParts)
        } else {
            d.authors = AuthorNames.split(record.authors ?? "")
        }
        d.categories = (record.categories ?? "").split(separator: " ").map(String.init)
        d.comments = record.comments
        d.journalRef = record.journalRef
        d.doi = record.doi
        let versions = record.versions ?? []
        d.published = versions.first?.created
        d.updated = versions.last?.created ?? record.updateDate
        d.version = versions.compactMap { $0.version.flatMap(AuthorNames.versionNumber) }.max()
        d.sources = [ImportFormat.kaggle.sourceTag]
        return d
    }
}
