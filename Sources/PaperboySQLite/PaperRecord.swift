import Foundation
import GRDB
import PaperboyCore

/// A row of the `papers` table: the one place a `Paper` is mapped to columns and back.
/// Adding a field to `Paper` means a column here (in `Columns`, `init(row:)`, `encode(to:)`
/// and the conversions) and a migration; every query reads and writes through this type.
///
/// Rows are decoded and encoded by hand rather than through `Codable`: an import writes
/// tens of thousands of them a second, and the hand-written versions are several times faster.
struct PaperRecord: FetchableRecord, PersistableRecord {
    static let databaseTableName = "papers"

    enum Columns {
        static let pk = Column("pk")
        static let id = Column("id")
        static let title = Column("title")
        static let abstract = Column("abstract")
        static let authors = Column("authors")
        static let categories = Column("categories")
        static let published = Column("published")
        static let updated = Column("updated")
        static let version = Column("version")
        static let doi = Column("doi")
        static let journalRef = Column("journal_ref")
        static let comments = Column("comments")
        static let codeRepository = Column("code_repository")
        static let codeFoundInText = Column("code_found_in_text")
        static let codeStars = Column("code_stars")
        static let projectPage = Column("project_page")
        static let aiSummary = Column("ai_summary")
        static let aiKeywords = Column("ai_keywords")
        static let discussionComments = Column("discussion_comments")
        static let thumbnail = Column("thumbnail")
        static let submittedBy = Column("submitted_by")
        /// Derived from the journal reference and comments (`Paper.venue`), kept for `venue:` searches.
        static let venue = Column("venue")
        static let upvotes = Column("upvotes")
        static let listed = Column("listed")
        static let sources = Column("sources")
        static let votes = Column("votes")
    }

    /// What an import writes: every column but the row key and the local vote count, which
    /// only votes change.
    static let writtenColumns: [Column] = [
        Columns.id, Columns.title, Columns.abstract, Columns.authors, Columns.categories, Columns.published, Columns.updated,
        Columns.version, Columns.doi, Columns.journalRef, Columns.comments, Columns.codeRepository, Columns.codeFoundInText,
        Columns.codeStars, Columns.projectPage, Columns.aiSummary, Columns.aiKeywords, Columns.discussionComments,
        Columns.thumbnail, Columns.submittedBy, Columns.venue, Columns.upvotes, Columns.listed, Columns.sources,
    ]

    /// What reads select: the row key, the written columns and the vote count. Queries that
    /// select more (a score) name their extra columns differently: `init(row:)` reads by name.
    static let selection = selected.map(\.name).joined(separator: ", ")

    /// The same, each column qualified by `table` (for joins).
    static func selection(qualifiedBy table: String) -> String {
        selected.map { "\(table).\($0.name)" }.joined(separator: ", ")
    }

    /// `init(row:)` and `init(statement:)` read them by position, in this order.
    private static let selected = [Columns.pk] + writtenColumns + [Columns.votes]

    /// The row key; nil for a paper not stored yet (SQLite assigns one on insert).
    var pk: Int64?
    var id: String
    var title: String
    var abstract: String?
    /// JSON array of strings, in the paper's order.
    var authors: String
    /// Space-separated, primary first.
    var categories: String
    var published: String?
    var updated: String?
    var version: Int?
    var doi: String?
    var journalRef: String?
    var comments: String?
    var codeRepository: String?
    var codeFoundInText: Bool
    var codeStars: Int?
    var projectPage: String?
    var aiSummary: String?
    /// JSON array of strings.
    var aiKeywords: String
    var discussionComments: Int?
    var thumbnail: String?
    var submittedBy: String?
    var venue: String?
    var upvotes: Int?
    var listed: String?
    /// JSON array of strings.
    var sources: String
    var votes: Int

    init(_ p: Paper, pk: Int64? = nil) {
        self.pk = pk
        id = p.id.rawValue
        title = p.title
        abstract = p.abstract
        authors = JSONStringArray.encode(p.authors)
        categories = p.categories.joined(separator: " ")
        published = p.published?.description
        updated = p.updated?.description
        version = p.version
        doi = p.doi
        journalRef = p.journalRef
        comments = p.comments
        codeRepository = p.codeRepository
        codeFoundInText = p.codeFoundInText
        codeStars = p.codeStars
        projectPage = p.projectPage
        aiSummary = p.aiSummary
        aiKeywords = JSONStringArray.encode(p.aiKeywords)
        discussionComments = p.discussionComments
        thumbnail = p.thumbnail
        submittedBy = p.submittedBy
        venue = p.venue
        upvotes = p.upvotes
        listed = p.listed?.description
        sources = JSONStringArray.encode(p.sources)
        votes = p.localVotes
    }

    init(row: Row) throws {
        // The selected columns sit together from `pk` on (see `selection`): find `pk` once and
        // read by position. Reading each by name cost a case-insensitive search of the
        // names per column, a tenth of a search request's time. A row shaped otherwise is
        // read by name.
        let names = row.columnNames // lazy: no array of names per row
        let width = PaperRecord.selected.count
        guard let pk = names.firstIndex(of: Columns.pk.name), names.distance(from: pk, to: names.endIndex) >= width,
              names[names.index(pk, offsetBy: 1)] == Columns.id.name,
              names[names.index(pk, offsetBy: width - 1)] == Columns.votes.name else {
            try self.init(namedRow: row)
            return
        }
        self.init(row: row, from: names.distance(from: names.startIndex, to: pk))
    }

    private init(row: Row, from base: Int) {
        pk = row[base + 0]
        id = row[base + 1]
        title = row[base + 2]
        abstract = row[base + 3]
        authors = row[base + 4]
        categories = row[base + 5]
        published = row[base + 6]
        updated = row[base + 7]
        version = row[base + 8]
        doi = row[base + 9]
        journalRef = row[base + 10]
        comments = row[base + 11]
        codeRepository = row[base + 12]
        codeFoundInText = row[base + 13]
        codeStars = row[base + 14]
        projectPage = row[base + 15]
        aiSummary = row[base + 16]
        aiKeywords = row[base + 17]
        discussionComments = row[base + 18]
        thumbnail = row[base + 19]
        submittedBy = row[base + 20]
        venue = row[base + 21]
        upvotes = row[base + 22]
        listed = row[base + 23]
        sources = row[base + 24]
        votes = row[base + 25] ?? 0
    }

    private init(namedRow row: Row) throws {
        pk = row[Columns.pk]
        id = row[Columns.id]
        title = row[Columns.title]
        abstract = row[Columns.abstract]
        authors = row[Columns.authors]
        categories = row[Columns.categories]
        published = row[Columns.published]
        updated = row[Columns.updated]
        version = row[Columns.version]
        doi = row[Columns.doi]
        journalRef = row[Columns.journalRef]
        comments = row[Columns.comments]
        codeRepository = row[Columns.codeRepository]
        codeFoundInText = row[Columns.codeFoundInText]
        codeStars = row[Columns.codeStars]
        projectPage = row[Columns.projectPage]
        aiSummary = row[Columns.aiSummary]
        aiKeywords = row[Columns.aiKeywords]
        discussionComments = row[Columns.discussionComments]
        thumbnail = row[Columns.thumbnail]
        submittedBy = row[Columns.submittedBy]
        venue = row[Columns.venue]
        upvotes = row[Columns.upvotes]
        listed = row[Columns.listed]
        sources = row[Columns.sources]
        votes = row[Columns.votes] ?? 0
    }

    /// Writes the imported columns; `votes` is left to the votes table's bookkeeping.
    func encode(to container: inout PersistenceContainer) throws {
        container[Columns.pk] = pk
        container[Columns.id] = id
        container[Columns.title] = title
        container[Columns.abstract] = abstract
        container[Columns.authors] = authors
        container[Columns.categories] = categories
        container[Columns.published] = published
        container[Columns.updated] = updated
        container[Columns.version] = version
        container[Columns.doi] = doi
        container[Columns.journalRef] = journalRef
        container[Columns.comments] = comments
        container[Columns.codeRepository] = codeRepository
        container[Columns.codeFoundInText] = codeFoundInText
        container[Columns.codeStars] = codeStars
        container[Columns.projectPage] = projectPage
        container[Columns.aiSummary] = aiSummary
        container[Columns.aiKeywords] = aiKeywords
        container[Columns.discussionComments] = discussionComments
        container[Columns.thumbnail] = thumbnail
        container[Columns.submittedBy] = submittedBy
        container[Columns.venue] = venue
        container[Columns.upvotes] = upvotes
        container[Columns.listed] = listed
        container[Columns.sources] = sources
    }

    func paper() throws -> Paper {
        guard let paperID = PaperID.parse(id)?.id else {
            throw DatabaseError(resultCode: .SQLITE_CORRUPT, message: "stored paper id \(id) is not valid")
        }
        return Paper(
            id: paperID, title: title, abstract: abstract, authors: JSONStringArray.decode(authors),
            // Split on the byte, as `joined(separator: " ")` wrote them (and faster than by
            // `Character`).
            categories: categories.utf8.split(separator: UInt8(ascii: " ")).map { String(Substring($0)) },
            published: published.flatMap { Day($0) }, updated: updated.flatMap { Day($0) }, version: version,
            doi: doi, journalRef: journalRef, comments: comments, codeRepository: codeRepository,
            codeFoundInText: codeFoundInText, codeStars: codeStars, projectPage: projectPage, aiSummary: aiSummary,
            aiKeywords: JSONStringArray.decode(aiKeywords), discussionComments: discussionComments, thumbnail: thumbnail,
            submittedBy: submittedBy, upvotes: upvotes, listed: listed.flatMap { Day($0) },
            sources: JSONStringArray.decode(sources), localVotes: votes
        )
    }

    /// Decodes a paper from a row holding `selection` (and perhaps other, differently named columns).
    static func paper(_ row: Row) throws -> Paper {
        try PaperRecord(row: row).paper()
    }
}
