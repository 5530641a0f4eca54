import PaperboyCore
import Testing

@Suite struct MoreLikeThisTests {
    typealias Term = MoreLikeThis.Term

    @Test func topicalWordsOutweighTitleMetaphorsAndFillers() {
        let terms = [
            Term(stem: "awaken", word: "Awakening", inTitle: 1),            // a title metaphor, rare
            Term(stem: "environ", word: "environments", inAbstract: 10),    // the topic, common
            Term(stem: "agent", word: "Agent", inTitle: 1, inAbstract: 3),  // title and abstract
            Term(stem: "cope", word: "cope", inAbstract: 1),                // once, in passing
            Term(stem: "propos", word: "propose", inAbstract: 4),          // a stopword
            Term(stem: "2024", word: "2024", inAbstract: 3),                // a number
            Term(stem: "model", word: "models", inAbstract: 5),            // in most papers
            Term(stem: "envharness", word: "EnvHarness", inTitle: 1, inAbstract: 5), // in no other paper
        ]
        let frequencies = ["awaken": 13, "environ": 9_000, "agent": 12_000, "cope": 50, "propos": 40_000,
                           "2024": 300, "model": 60_000, "envharness": 1]
        let words = MoreLikeThis.selectWords(terms, documentFrequency: frequencies, documents: 93_000)
        #expect(words.first?.word == "environments")
        #expect(Set(words.map(\.word)) == ["environments", "Agent", "Awakening"])
        let weight = Dictionary(uniqueKeysWithValues: words.map { ($0.word, $0.weight) })
        #expect(weight["environments"] == 1)
        #expect(weight["Awakening"]! < weight["Agent"]!)
        #expect(weight["Agent"]! < 1)
    }

    @Test func aPaperWithOnlyATitleUsesItsTitleWords() {
        let terms = [Term(stem: "video", word: "Video", inTitle: 1), Term(stem: "token", word: "Tokenizer", inTitle: 1)]
        let words = MoreLikeThis.selectWords(terms, documentFrequency: ["video": 9_000, "token": 10_000], documents: 93_000)
        #expect(Set(words.map(\.word)) == ["Video", "Tokenizer"])
        #expect(MoreLikeThis.selectWords(terms, documentFrequency: [:], documents: 93_000).isEmpty)
        #expect(MoreLikeThis.selectWords(terms, documentFrequency: ["video": 9_000], documents: 1).isEmpty)
    }
}
