import PaperboyCore

/// What turns papers into `AnalysedPaper`s: a `StemmingTokenizer` and, per stem number, the
/// paper-local number it was given in the paper being analysed (stamped with the paper, so
/// nothing is cleared between papers and no term is hashed twice). One per task that
/// analyses: a build makes one per part of each page, a catch-up one per paper.
struct PaperAnalyser: Sendable {
    var tokenizer = StemmingTokenizer()
    /// Per stem number: the paper it was last seen in, and its local number there.
    private var seenIn: [UInt32] = []
    private var localNumber: [UInt32] = []
    private var paper: UInt32 = 0
    private var numbers: [UInt32] = []

    init() {}

    mutating func analyse(_ paper: Paper) -> AnalysedPaper {
        if tokenizer.forgetIfFull() {
            seenIn.removeAll(keepingCapacity: true)
            localNumber.removeAll(keepingCapacity: true)
        }
        self.paper &+= 1
        if self.paper == 0 {
            // Wrapped after 4 billion papers: every stamp is stale again.
            for i in seenIn.indices { seenIn[i] = 0 }
            self.paper = 1
        }
        var analysed = AnalysedPaper(id: paper.id, published: paper.published.map { Int32($0.number) } ?? 0)
        var tokens = 0
        for (column, text) in TextIndex.columnTexts(of: paper).enumerated() {
            numbers.removeAll(keepingCapacity: true)
            tokenizer.appendStemNumbers(of: text, to: &numbers)
            tokens += numbers.count
            if seenIn.count < tokenizer.stemCount {
                seenIn.append(contentsOf: repeatElement(0, count: tokenizer.stemCount - seenIn.count))
                localNumber.append(contentsOf: repeatElement(0, count: tokenizer.stemCount - localNumber.count))
            }
            var kept: [UInt32] = []
            for stem in numbers {
                let s = Int(stem)
                let number: UInt32
                if seenIn[s] == self.paper {
                    number = localNumber[s]
                } else {
                    number = UInt32(analysed.termEnds.count)
                    seenIn[s] = self.paper
                    localNumber[s] = number
                    analysed.termBytes.append(contentsOf: tokenizer.stem(stem))
                    analysed.termEnds.append(UInt32(analysed.termBytes.count))
                    analysed.frequencies.append(ColumnFrequencies())
                }
                analysed.frequencies[Int(number)][column] &+= 1
                switch column {
                case TextIndex.Column.title.rawValue:
                    if kept.count < KeywordIndex.maximumPositions { kept.append(number) }
                case TextIndex.Column.abstract.rawValue:
                    if analysed.title.count + kept.count < KeywordIndex.maximumPositions { kept.append(number) }
                case TextIndex.Column.categories.rawValue:
                    kept.append(number)
                default:
                    break
                }
            }
            switch column {
            case TextIndex.Column.title.rawValue: analysed.title = kept
            case TextIndex.Column.abstract.rawValue: analysed.abstract = kept
            case TextIndex.Column.categories.rawValue: analysed.categories = kept
            default: break
            }
        }
        analysed.length = UInt32(tokens)
        return analysed
    }
}
