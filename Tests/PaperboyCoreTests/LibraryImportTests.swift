import Foundation
import PaperboyCore
import PaperboyTestSupport
import Testing

/// Library import: real exports (Zotero BibTeX and CSL-JSON, Google Scholar BibTeX) of real
/// papers of the corpus, matched by arXiv id, DOI or title, with a report of the rest.
@Suite struct LibraryImportTests {
    static func paper(_ id: String, _ title: String, doi: String? = nil) -> Paper {
        Paper(id: PaperID.parse(id)!.id, title: title, doi: doi)
    }

    /// The corpus's own records of these papers (titles as arXiv has them); FürElise with the
    /// DOI of its SIGGRAPH Asia version, as arXiv records a journal DOI.
    static let catalog = LibraryCatalogIndex([
        paper("2312.00752", "Mamba: Linear-Time Sequence Modeling with Selective State Spaces"),
        paper("2410.05791", "FürElise: Capturing and Physically Synthesizing Hand Motions of Piano Performance", doi: "10.1145/3680528.3687703"),
        paper("2503.04094", "PokéChamp: an Expert-level Minimax Language Agent"),
        paper("2605.14678", "$π$-Bench: Evaluating Proactive Personal Assistant Agents in Long-Horizon Workflows"),
        paper("alg-geom/9202001", "Rational Curves on Calabi-Yau Threefolds"),
        paper("hep-th/9108002", "Hamiltonian construction of W-gravity actions"),
        // Two papers with one title: a title alone cannot choose.
        paper("2401.00001", "Deep Learning"),
        paper("2401.00002", "Deep learning"),
    ])

    static func read(_ name: String) throws -> LibraryFile.Contents {
        try LibraryFile.read(String(contentsOfFile: TestFixtures.core("library/\(name)"), encoding: .utf8))
    }

    @Test func zoteroBibTeXMatchesByArxivIDAndDOI() throws {
        let contents = try Self.read("zotero.bib")
        #expect(contents.format == .bibtex)
        #expect(contents.problems.isEmpty)
        #expect(contents.references.map(\.key) == ["gu_mamba_2024", "wang_furelise_2024", "bergshoeff_hamiltonian_1991", "goodfellow_deep_2016"])
        #expect(contents.references.map(\.line) == [2, 17, 31, 40])
        let furElise = contents.references[1]
        #expect(furElise.title == "FürElise: Capturing and Physically Synthesizing Hand Motions of Piano Performance")
        #expect(furElise.doi == "10.1145/3680528.3687703" && furElise.arxivID == nil)
        let report = LibraryMatcher.match(contents.references, in: Self.catalog)
        #expect(report.matched.map { "\($0.paper.rawValue) \($0.method.rawValue)" } == ["2312.00752 arxiv id", "2410.05791 doi", "hep-th/9108002 arxiv id"])
        #expect(report.unmatched.map(\.reference.key) == ["goodfellow_deep_2016"])
        #expect(report.unmatched[0].reason == "2 papers here have this title")
    }

    @Test func googleScholarBibTeXMatchesByIDInTheJournalAndByTitle() throws {
        let contents = try Self.read("scholar.bib")
        #expect(contents.format == .bibtex)
        // The entry whose brace never closes is reported; the entries after it are read.
        #expect(contents.problems == ["line 17: a value does not end"])
        #expect(contents.references.map(\.key) == ["gu2023mamba", "candelas1992rational", "pi2026bench", "pokechamp2025"])
        // "arXiv preprint " from @string, joined with # to an old-style id.
        #expect(contents.references[1].arxivID?.rawValue == "alg-geom/9202001")
        let report = LibraryMatcher.match(contents.references, in: Self.catalog)
        #expect(report.matched.map { "\($0.paper.rawValue) \($0.method.rawValue)" }
            == ["2312.00752 arxiv id", "alg-geom/9202001 arxiv id", "2605.14678 title", "2503.04094 title"])
        #expect(report.unmatched.isEmpty)
    }

    @Test func zoteroCSLJSONMatchesAndReportsWhatItCannot() throws {
        let contents = try Self.read("zotero-csl.json")
        #expect(contents.format == .cslJSON)
        #expect(contents.problems == ["item 4: not an object"])
        let report = LibraryMatcher.match(contents.references, in: Self.catalog)
        #expect(report.matched.map { "\($0.paper.rawValue) \($0.method.rawValue)" } == ["2312.00752 arxiv id", "2410.05791 doi"])
        #expect(report.unmatched.map(\.reference.key) == ["goodfellow_deep_2016"])
    }

    @Test func aListOfIDsURLsAndDOIs() throws {
        let text = """
            2312.00752
            https://arxiv.org/abs/hep-th/9108002v1, arXiv:alg-geom/9202001
            # a comment
            https://arxiv.org/pdf/2503.04094v2.pdf  nonsense
            10.1145/3680528.3687703
            2401.99999
            2312.00752
            """
        let contents = try LibraryFile.read(text)
        #expect(contents.format == .idList)
        #expect(contents.problems == ["line 4: 'nonsense' is no arXiv id, arXiv URL or DOI"])
        let report = LibraryMatcher.match(contents.references, in: Self.catalog)
        #expect(report.matched.map(\.paper.rawValue) == ["2312.00752", "hep-th/9108002", "alg-geom/9202001", "2503.04094", "2410.05791"])
        #expect(report.unmatched.map(\.reason) == ["arXiv 2401.99999 is not in this site's papers"])
        #expect(report.duplicates == 1)
    }

    @Test func titleKeysSurviveEveryExport() {
        let key = LibraryReference.titleKey("PokéChamp: an Expert-level Minimax Language Agent")
        #expect(key == "pokechamp an expert level minimax language agent")
        #expect(LibraryReference.titleKey("Pok{\\'e}Champ: An {Expert}-Level  Minimax Language Agent") == key)
        #expect(LibraryReference.titleKey("$\\pi$-Bench") == LibraryReference.titleKey("$π$-Bench"))
        #expect(LibraryReference.titleKey("$\\theta$ and $\\eta$") == "θ and η")
    }

    @Test func hostileFilesAreBoundedAndNeverCrash() throws {
        // Unbalanced, deeply nested, truncated and binary-looking input.
        var random = SeededRandom(seed: 3)
        let pieces = ["@article{", "}", "{", "title = ", "\"", "#", ",", "@string{a = {b}}", "@comment{", "\u{0}", "é\u{301}", "\n", "arXiv:2312.00752"]
        for _ in 0..<300 {
            let text = (0..<Int.random(in: 0..<60, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            _ = try LibraryFile.read(text)
        }
        let deep = "@article{k, title = " + String(repeating: "{", count: 10_000) + "x" + String(repeating: "}", count: 10_000) + "}"
        #expect(try LibraryFile.read(deep).problems == ["line 1: braces nested deeper than 64"])
        #expect(throws: LibraryFile.TooLarge.self) { try LibraryFile.read(String(repeating: "x", count: LibraryFile.maximumBytes + 1)) }
    }
}

@Suite struct LibraryCollectionTests {
    @Test func namesAreTrimmedBoundedAndPrintable() {
        #expect(LibraryCollection.normalized("  Diffusion\t models \n") == "Diffusion models")
        #expect(LibraryCollection.normalized("   ") == nil)
        #expect(LibraryCollection.normalized("a\u{0}b") == nil)
        // Invisible format characters go (a bidi override would make a name read backwards).
        #expect(LibraryCollection.normalized("right\u{202E}to\u{200B} left") == "rightto left")
        #expect(LibraryCollection.normalized("\u{200B}\u{FEFF}") == nil)
        // 100 scalars pass; 100 characters of e + combining accent are 200 scalars and do not.
        #expect(LibraryCollection.normalized(String(repeating: "x", count: 100)) != nil)
        #expect(LibraryCollection.normalized(String(repeating: "e\u{301}", count: 100)) == nil)
        #expect(LibraryCollection.normalized("👩‍🔬 lab") == "👩‍🔬 lab")
    }
}
