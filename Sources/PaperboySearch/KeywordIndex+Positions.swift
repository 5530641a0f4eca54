import PaperboyCore

/// Where each paper's words stand: the term numbers of its title and then its abstract, in
/// order, so that ranking can ask whether a query's words occur together ("video generation"
/// as a phrase, not "video" in the title and "generation" somewhere below) for the few papers
/// it re-ranks, without reading or tokenizing their text again.
///
/// Document d's record is `positions[positionStarts[d]..<positionStarts[d + 1]]`: the title's
/// token count, then every token's term number, each a varint. A record keeps at most
/// `maximumPositions` tokens (the title first), so a hostile abstract costs a bounded amount.
extension KeywordIndex {
    static let maximumPositions = 320

    /// Appends the record of a document whose title and abstract have these terms.
    mutating func appendPositions(title: some Collection<UInt32>, abstract: some Collection<UInt32>) {
        let titleCount = min(title.count, KeywordIndex.maximumPositions)
        let abstractCount = min(abstract.count, KeywordIndex.maximumPositions - titleCount)
        positions.appending { positions in
            Varint.append(UInt32(titleCount), to: &positions)
            for term in title.prefix(titleCount) { Varint.append(term, to: &positions) }
            for term in abstract.prefix(abstractCount) { Varint.append(term, to: &positions) }
        }
        positionStarts.append(UInt64(positions.count))
        positionTotals.title += titleCount
        positionTotals.abstract += abstractCount
    }

    /// How a paper's title and abstract hold the query's terms (term numbers, in the query's
    /// order, each once): see `TextMatchFeatures`. Nil for a paper the index does not hold.
    func textFeatures(of id: PaperID, query: TextMatchFeatures.Query) -> TextMatchFeatures? {
        guard let document = documentOf[id] else { return nil }
        let start = Int(positionStarts[Int(document)]), length = Int(positionStarts[Int(document) + 1]) - start
        return positions.withPart(holding: start) { bytes, start -> TextMatchFeatures in
            var offset = start
            let end = min(bytes.count, start + length)
            // Within the record: a damaged varint ends it.
            func next() -> Int? { Varint.read(bytes, at: &offset, end: end).map(Int.init) }
            var matcher = TextMatchFeatures.Matcher(query)
            guard let titleCount = next() else { return matcher.features }
            var position = 0
            while let term = next() {
                // The abstract starts a window away from the title's end: no phrase spans them.
                let inTitle = position < titleCount
                matcher.see(term, at: inTitle ? position : position + TextMatchFeatures.window, inTitle: inTitle)
                position += 1
            }
            return matcher.features
        }
    }

    /// The query side of the text features: the distinct index terms of `text` in order with
    /// their idf over title, abstract and authors, and the columns' average kept lengths.
    /// Terms no title or abstract holds are left out (they would weigh most and match nothing
    /// the positions keep). Counts and lengths include replaced papers, as the positions do.
    func textQuery(_ text: String) -> TextMatchFeatures.Query {
        var seen = Set<Int>()
        let sets = KeywordIndex.countedColumnSets.count
        let terms = TextTokenizer.tokens(text).compactMap { termID($0.term) }.filter { term in
            // Column sets 1 and 2: title, abstract.
            (documentCounts[term * sets + 1] > 0 || documentCounts[term * sets + 2] > 0) && seen.insert(term).inserted
        }
        let documents = max(1, ids.count)
        return TextMatchFeatures.Query(
            terms: terms, idf: terms.map { TextMatchFeatures.Query.idf(papers: documents, holding: Int(documentCounts[$0 * sets])) },
            averageTitle: Double(positionTotals.title) / Double(documents), averageAbstract: Double(positionTotals.abstract) / Double(documents))
    }
}
