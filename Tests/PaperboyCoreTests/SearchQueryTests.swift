import Testing
@testable import PaperboyCore

@Suite struct SearchQueryTests {
    typealias Term = SearchQuery.Term

    @Test func wordsPhrasesFieldsAndExclusions() {
        let q = SearchQuery.parse(#"contrastive "masked autoencoder" ti:vision au:"Kaiming He" cat:cs.CV -medical -cat:cs.CR"#)
        #expect(q.required == [[Term("contrastive")], [Term("masked autoencoder")], [Term("vision", field: .title)],
                               [Term("Kaiming He", field: .authors)]])
        #expect(q.categories == ["cs.CV"])
        #expect(q.excluded == [Term("medical")])
        #expect(q.excludedCategories == ["cs.CR"])
        #expect(q.paperID == nil)
    }

    @Test func orGroupsAndPrefixes() {
        let q = SearchQuery.parse("diffusion OR flow transform* NOT gan")
        #expect(q.required == [[Term("diffusion"), Term("flow")], [Term("transform", isPrefix: true)]])
        #expect(q.excluded == [Term("gan")])
    }

    @Test(arguments: ["2401.12345", "arXiv:2401.12345v2", "https://arxiv.org/abs/2401.12345", "  2401.12345 "])
    func anArxivIDOrURLNamesThatPaper(input: String) {
        #expect(SearchQuery.parse(input).paperID == pid("2401.12345"))
    }

    @Test func punctuationOnlyTermsAreDropped() {
        let q = SearchQuery.parse("* ( ) 🎉 NEAR( -")
        #expect(q.required == [[Term("NEAR(")]])
        #expect(SearchQuery.parse("-cats").selectsNothing)
        #expect(SearchQuery.parse("").selectsNothing)
    }

    @Test func unbalancedQuoteRunsToTheEnd() {
        #expect(SearchQuery.parse(#"graph "neural net"#).required == [[Term("graph")], [Term("neural net")]])
    }
}
