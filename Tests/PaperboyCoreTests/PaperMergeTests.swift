import Testing
@testable import PaperboyCore

@Suite struct PaperMergeTests {
    let id = pid("2401.12345")

    @Test func newerVersionTextWinsAndFieldsItLacksAreKept() {
        let v1 = Paper(id: id, title: "Old title", abstract: "Old abstract", authors: ["A"], categories: ["cs.LG"],
                       published: day("2024-01-10"), version: 1, journalRef: "J. Old", upvotes: 5, sources: ["arxiv-api"])
        let v2 = Paper(id: id, title: "New title", abstract: nil, authors: ["A", "B"], categories: ["cs.CV", "cs.LG"],
                       published: day("2024-01-10"), updated: day("2024-03-01"), version: 2, upvotes: 3, sources: ["arxiv-oai"])
        for merged in [v1.merged(with: v2), v2.merged(with: v1)] {
            #expect(merged.title == "New title")
            #expect(merged.abstract == "Old abstract")
            #expect(merged.authors == ["A", "B"])
            #expect(merged.categories == ["cs.CV", "cs.LG"])
            #expect(merged.version == 2)
            #expect(merged.updated == day("2024-03-01"))
            #expect(merged.journalRef == "J. Old")
            #expect(merged.upvotes == 5)
            #expect(Set(merged.sources) == ["arxiv-api", "arxiv-oai"])
        }
    }

    @Test func upvotesKeepTheMaximumAndDatesTheirExtremes() {
        let hf = Paper(id: id, title: "T", upvotes: 40, listed: day("2024-01-12"), sources: ["hf-daily-papers"])
        let later = Paper(id: id, title: "T", upvotes: 12, listed: day("2024-01-15"), sources: ["hf-daily-papers"])
        let merged = hf.merged(with: later)
        #expect(merged.upvotes == 40)
        #expect(merged.listed == day("2024-01-12"))
        #expect(merged.sources == ["hf-daily-papers"])
    }

    @Test func arxivRecordBeatsAVersionlessListingForText() {
        let arxiv = Paper(id: id, title: "Exact Title: With Subtitle", categories: ["cs.CL"], version: 3, sources: ["arxiv-api"])
        let hf = Paper(id: id, title: "Exact Title: with subtitle", categories: [], upvotes: 9, sources: ["hf-daily-papers"])
        let merged = arxiv.merged(with: hf)
        #expect(merged.title == "Exact Title: With Subtitle")
        #expect(merged.upvotes == 9)
        #expect(merged.categories == ["cs.CL"])
    }

    @Test func aTieKeepsTheStoredTextSoReimportsNeverFlip() {
        let stored = Paper(id: id, title: "Same version", authors: ["C.-P. Yuan"], updated: day("2007-07-24"), version: 2, sources: ["arxiv-oai"])
        let mirror = Paper(id: id, title: "Same Version", authors: ["C. -P. Yuan"], updated: day("2007-07-24"), version: 2, sources: ["arxiv-kaggle"])
        let merged = stored.merged(with: mirror)
        #expect(merged.title == "Same version")
        #expect(merged.authors == ["C.-P. Yuan"])
        #expect(merged.sources == ["arxiv-oai", "arxiv-kaggle"])
        #expect(merged.merged(with: mirror) == merged)
        #expect(merged.merged(with: stored) == merged)
    }

    @Test func mergingIsIdempotent() {
        let a = Paper(id: id, title: "T", abstract: "x", authors: ["A"], categories: ["cs.AI"], version: 2, upvotes: 1, sources: ["s1"])
        let b = Paper(id: id, title: "U", authors: ["B"], categories: ["cs.LG"], version: 1, upvotes: 7, sources: ["s2"])
        let once = a.merged(with: b)
        #expect(once.merged(with: b) == once)
        #expect(once.merged(with: a) == once)
    }
}

@Suite struct TextTests {
    @Test func collapsesWhitespaceOfWrappedFields() {
        #expect(Text.collapsingWhitespace("  Calculation of prompt\n  LHC energies \t") == "Calculation of prompt LHC energies")
        #expect(Text.collapsingWhitespace("already clean") == "already clean")
        #expect(Text.collapsingWhitespace("non\u{00A0}breaking\u{2003}spaces") == "non breaking spaces")
        #expect(Text.collapsingWhitespace("   ") == "")
        #expect(Text.collapsingWhitespace("émoji 🎉  ok") == "émoji 🎉 ok")
    }

    @Test func decodesTeXAccentsInNames() {
        #expect(TeX.decodeAccents(#"C. Bal\'azs"#) == "C. Balázs")
        #expect(TeX.decodeAccents(#"M\"uller and G{\"o}del"#) == "Müller and Gödel")
        #expect(TeX.decodeAccents(#"Fran\c{c}ois, {\o}stergaard, \v{S}koda"#) == "François, østergaard, Škoda")
        #expect(TeX.decodeAccents(#"L. D\'{\i}az"#) == "L. Díaz")
        #expect(TeX.decodeAccents(#"a \unknown b"#) == #"a \unknown b"#)
    }

    @Test func splitsArxivAuthorStrings() {
        #expect(AuthorNames.split(#"C. Bal\'azs, E. L. Berger, P. M. Nadolsky, C.-P. Yuan"#)
                == ["C. Balázs", "E. L. Berger", "P. M. Nadolsky", "C.-P. Yuan"])
        #expect(AuthorNames.split("A. One (MIT, Cambridge), B. Two and C. Three") == ["A. One", "B. Two", "C. Three"])
        #expect(AuthorNames.split("A. One and B. Two") == ["A. One", "B. Two"])
        #expect(AuthorNames.fromInverted("Liepins, Vilnis") == "Vilnis Liepins")
    }
}

@Suite struct PaperDraftTests {
    @Test func categoriesAreSingleWordsAndAuthorsKeepNamesakes() throws {
        var draft = PaperDraft()
        draft.id = "1812.06145"
        draft.title = "T"
        draft.categories = ["cs.CV", "68T45, 62H30", "I.5.3; I.2.10", "cs.CV", " "]
        draft.authors = ["Wei Wang", "Li Zhang", "Wei Wang", "  "]
        let paper = try draft.validated()
        #expect(paper.categories == ["cs.CV", "68T45", "62H30", "I.5.3", "I.2.10"])
        #expect(paper.authors == ["Wei Wang", "Li Zhang", "Wei Wang"])
    }
}
