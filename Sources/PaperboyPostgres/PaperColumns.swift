import Foundation
import PaperboyCore
import PostgresNIO

/// The `papers` table's columns: the one place a `Paper` is mapped to them and back.
/// Adding a field to `Paper` means a column here and a migration (`PostgresSchema`).
enum PaperColumns {
    /// What an import writes, in order: every column but the row key and the local vote count.
    static let written = [
        "id", "title", "abstract", "authors", "categories", "published", "updated", "version", "doi", "journal_ref", "comments",
        "code_repository", "code_found_in_text", "code_stars", "project_page", "ai_summary", "ai_keywords", "discussion_comments",
        "thumbnail", "submitted_by", "venue", "upvotes", "listed", "sources",
    ]
    /// Written beside them: the paper's terms for full-text matching (`PostgresTextSearch`).
    static let derived = ["terms", "term_count"]

    /// What reads select, read by position from `pk` on (`paper(_:from:)`).
    static let selection = (["pk"] + written + ["votes"]).joined(separator: ", ")
    static func selection(qualifiedBy table: String) -> String {
        (["pk"] + written + ["votes"]).map { "\(table).\($0)" }.joined(separator: ", ")
    }
    static let width = written.count + 2

    /// Rows per multi-row insert: 26 parameters each, well under the protocol's 65,535.
    static let rowsPerInsert = 1_000

    static func paper(_ row: PostgresRandomAccessRow) throws -> Paper {
        try paper(row, from: 0)
    }

    /// The paper whose `selection` starts at column `base`.
    static func paper(_ row: PostgresRandomAccessRow, from base: Int) throws -> Paper {
        let id: String = try row.value(base + 1)
        guard let paperID = PaperID.parse(id)?.id else { throw PostgresStoreError(message: "stored paper id \(id) is not valid") }
        func day(_ index: Int) throws -> Day? { try row.value(base + index, as: String?.self).flatMap { Day($0) } }
        return Paper(
            id: paperID, title: try row.value(base + 2), abstract: try row.value(base + 3), authors: try row.value(base + 4),
            categories: try row.value(base + 5), published: try day(6), updated: try day(7), version: try row.value(base + 8),
            doi: try row.value(base + 9), journalRef: try row.value(base + 10), comments: try row.value(base + 11),
            codeRepository: try row.value(base + 12), codeFoundInText: try row.value(base + 13), codeStars: try row.value(base + 14),
            projectPage: try row.value(base + 15), aiSummary: try row.value(base + 16), aiKeywords: try row.value(base + 17),
            discussionComments: try row.value(base + 18), thumbnail: try row.value(base + 19), submittedBy: try row.value(base + 20),
            upvotes: try row.value(base + 22), listed: try day(23), sources: try row.value(base + 24),
            localVotes: try row.value(base + 25)
        )
    }

    /// Appends a paper's written and derived values to `binds`, in column order.
    static func bind(_ p: Paper, to binds: inout PostgresBindings) {
        bind(p, document: PostgresTextSearch.document(p), to: &binds)
    }

    /// The same with the paper's terms worked out beforehand (`documents`).
    static func bind(_ p: Paper, document terms: (vector: String, length: Int), to binds: inout PostgresBindings) {
        binds.append(p.id.rawValue)
        binds.append(p.title)
        binds.append(p.abstract)
        binds.append(p.authors)
        binds.append(p.categories)
        binds.append(p.published?.description)
        binds.append(p.updated?.description)
        binds.append(p.version)
        binds.append(p.doi)
        binds.append(p.journalRef)
        binds.append(p.comments)
        binds.append(p.codeRepository)
        binds.append(p.codeFoundInText)
        binds.append(p.codeStars)
        binds.append(p.projectPage)
        binds.append(p.aiSummary)
        binds.append(p.aiKeywords)
        binds.append(p.discussionComments)
        binds.append(p.thumbnail)
        binds.append(p.submittedBy)
        binds.append(p.venue)
        binds.append(p.upvotes)
        binds.append(p.listed?.description)
        binds.append(p.sources)
        binds.append(terms.vector)
        binds.append(terms.length)
    }

    /// The papers' terms (`PostgresTextSearch.document`), worked out on every core: the
    /// tokenizer is most of what an import costs this side of the database.
    static func documents(_ papers: [Paper]) async -> [(vector: String, length: Int)] {
        let chunk = max(64, papers.count / (ProcessInfo.processInfo.activeProcessorCount * 2) + 1)
        return await withTaskGroup(of: (Int, [(vector: String, length: Int)]).self) { group in
            for start in stride(from: 0, to: papers.count, by: chunk) {
                let slice = papers[start..<min(start + chunk, papers.count)]
                group.addTask { (start, slice.map(PostgresTextSearch.document)) }
            }
            var documents = Array(repeating: (vector: "", length: 0), count: papers.count)
            for await (start, done) in group {
                for (offset, document) in done.enumerated() { documents[start + offset] = document }
            }
            return documents
        }
    }

    /// One multi-row insert of new papers, with their terms.
    static func insert(_ papers: ArraySlice<Paper>, documents: ArraySlice<(vector: String, length: Int)>) -> PostgresQuery {
        var binds = PostgresBindings(capacity: papers.count * (written.count + derived.count))
        var rows: [String] = []
        rows.reserveCapacity(papers.count)
        for (paper, document) in zip(papers, documents) {
            let first = binds.count + 1
            bind(paper, document: document, to: &binds)
            rows.append("(" + placeholders(from: first) + ")")
        }
        return PostgresQuery(unsafeSQL: "INSERT INTO papers (\((written + derived).joined(separator: ", "))) VALUES "
                             + rows.joined(separator: ", "), binds: binds)
    }

    /// An update of every written column of a stored paper.
    static func update(_ paper: Paper) -> PostgresQuery {
        var binds = PostgresBindings(capacity: written.count + derived.count)
        bind(paper, to: &binds)
        let columns = written + derived
        let assignments = columns.enumerated().dropFirst().map { index, column in
            "\(column) = $\(index + 1)" + (column == "terms" ? "::tsvector" : "")
        }
        return PostgresQuery(unsafeSQL: "UPDATE papers SET \(assignments.joined(separator: ", ")) WHERE id = $1", binds: binds)
    }

    /// `$first, $first+1, ...` for one row's values, the terms cast to a text-search vector.
    private static func placeholders(from first: Int) -> String {
        (written + derived).enumerated().map { index, column in
            "$\(first + index)" + (column == "terms" ? "::tsvector" : "")
        }.joined(separator: ", ")
    }
}
