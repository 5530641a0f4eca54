import Foundation
import PaperboyCore
import Testing

/// Exports read back by the import: what Paperboy writes, Paperboy (and Zotero) can read.
@Suite struct LibraryExportTests {
    static let papers = [
        Paper(id: PaperID.parse("hep-th/9108002")!.id, title: "Hamiltonian construction of W-gravity actions",
              authors: ["C. M. Hull"], published: Day("1991-08-05")),
        Paper(id: PaperID.parse("2312.00752")!.id, title: "Mamba: Linear-Time Sequence Modeling with Selective State Spaces",
              authors: ["Albert Gu", "Tri Dao"], published: Day("2023-12-01")),
        // The same BibTeX key as the next: the CSL ids must still differ.
        Paper(id: PaperID.parse("2401.00001")!.id, title: "Deep {Learning} \"quoted\" & <tagged>", authors: ["Ada Lovelace"],
              published: Day("2024-01-01"), doi: "10.1000/xyz"),
        Paper(id: PaperID.parse("2401.00002")!.id, title: "Deep learning, again", authors: ["Ada Lovelace"], published: Day("2024-01-02")),
    ]

    @Test func cslJSONRoundTripsThroughTheImport() throws {
        let data = try CSLJSON.export(Self.papers)
        let items = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        #expect(items.count == 4)
        #expect(Set(items.compactMap { $0["id"] as? String }).count == 4)
        #expect(items[0]["number"] as? String == "hep-th/9108002")
        #expect((items[1]["author"] as? [[String: String]])?.first == ["family": "Gu", "given": "Albert"])
        #expect((items[2]["issued"] as? [String: [[Int]]])?["date-parts"] == [[2024, 1, 1]])
        #expect(items[2]["title"] as? String == Self.papers[2].title)
        let contents = try LibraryFile.read(String(decoding: data, as: UTF8.self))
        #expect(contents.format == .cslJSON)
        let report = LibraryMatcher.match(contents.references, in: LibraryCatalogIndex(Self.papers))
        #expect(report.matched.map(\.paper) == Self.papers.map(\.id))
        #expect(report.matched.allSatisfy { $0.method == .arxivID })
    }

    @Test func bibTeXRoundTripsThroughTheImport() throws {
        let text = Self.papers.map(BibTeX.entry(for:)).joined(separator: "\n\n")
        let contents = try LibraryFile.read(text)
        #expect(contents.format == .bibtex && contents.problems.isEmpty)
        let report = LibraryMatcher.match(contents.references, in: LibraryCatalogIndex(Self.papers))
        #expect(report.matched.map(\.paper) == Self.papers.map(\.id))
        #expect(report.unmatched.isEmpty)
    }
}
