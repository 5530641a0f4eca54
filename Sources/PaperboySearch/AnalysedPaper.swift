import PaperboyCore

/// A paper's terms as `KeywordIndex.add` takes them, worked out apart from the index so that
/// a build tokenizes the next papers on one core while the index takes these on another:
/// its distinct terms (in order of first occurrence) with their frequencies per column, and
/// its title, abstract and category tokens as numbers into them.
struct AnalysedPaper: Sendable {
    var id: PaperID
    /// The published day as yyyymmdd, 0 for none.
    var published: Int32
    var terms: [[UInt8]] = []
    var frequencies: [ColumnFrequencies] = []
    /// Title tokens, then the first abstract tokens (at most `KeywordIndex.maximumPositions`
    /// in all), as numbers into `terms`.
    var title: [UInt32] = []
    var abstract: [UInt32] = []
    /// The categories column's tokens, in order.
    var categories: [UInt32] = []
    /// Tokens in every column.
    var length: UInt32 = 0

    init(_ paper: Paper, tokenizer: inout StemmingTokenizer) {
        id = paper.id
        published = paper.published.map { Int32($0.number) } ?? 0
        var numbers: [ByteKey: UInt32] = [:]
        var tokens = 0
        for (column, text) in TextIndex.columnTexts(of: paper).enumerated() {
            var kept: [UInt32] = []
            for term in tokenizer.terms(text) {
                tokens += 1
                let number: UInt32
                if let known = numbers[ByteKey(term)] {
                    number = known
                } else {
                    number = UInt32(terms.count)
                    numbers[ByteKey(term)] = number
                    terms.append(term)
                    frequencies.append(ColumnFrequencies())
                }
                frequencies[Int(number)][column] &+= 1
                switch column {
                case TextIndex.Column.title.rawValue:
                    if kept.count < KeywordIndex.maximumPositions { kept.append(number) }
                case TextIndex.Column.abstract.rawValue:
                    if title.count + kept.count < KeywordIndex.maximumPositions { kept.append(number) }
                case TextIndex.Column.categories.rawValue:
                    kept.append(number)
                default:
                    break
                }
            }
            switch column {
            case TextIndex.Column.title.rawValue: title = kept
            case TextIndex.Column.abstract.rawValue: abstract = kept
            case TextIndex.Column.categories.rawValue: categories = kept
            default: break
            }
        }
        length = UInt32(tokens)
    }
}
