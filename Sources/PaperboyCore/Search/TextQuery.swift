/// A full-text query in the shape the SQLite store gives FTS5 (`FTS5Query`): every group
/// must match through any one of its phrases, and no excluded phrase may match. Phrases are
/// numbered as FTS5 numbers them, groups first, for bm25 (`phrases`).
public struct TextQuery: Hashable, Sendable {
    /// Consecutive terms within one column of those allowed.
    public struct Phrase: Hashable, Sendable {
        /// The phrase's terms, as `TextTokenizer` gives them. None when the text had no token
        /// characters: FTS5 then treats the phrase as matching nothing.
        public var terms: [[UInt8]]
        /// The last term matches any term it starts (`transform*`).
        public var isPrefix: Bool
        public var columns: Set<TextIndex.Column>
        /// What bm25 multiplies the phrase's rarity by (`paperboy_bm25`'s phrase weights).
        public var weight: Double

        public init(terms: [[UInt8]], isPrefix: Bool = false, columns: Set<TextIndex.Column>, weight: Double = 1) {
            self.terms = terms
            self.isPrefix = isPrefix
            self.columns = columns
            self.weight = weight
        }

        /// The phrase of `text`, tokenized as the index tokenizes papers.
        public init(_ text: String, isPrefix: Bool = false, columns: Set<TextIndex.Column>, weight: Double = 1) {
            self.init(terms: TextTokenizer.tokens(text).map(\.term), isPrefix: isPrefix, columns: columns, weight: weight)
        }
    }

    public var groups: [[Phrase]]
    public var excluded: [Phrase]

    public init(groups: [[Phrase]], excluded: [Phrase] = []) {
        self.groups = groups
        self.excluded = excluded
    }

    /// Every phrase in FTS5's order: the groups' phrases, then the excluded ones.
    public var phrases: [Phrase] { groups.flatMap { $0 } + excluded }

    /// The query a `SearchQuery` makes, phrase for phrase as `FTS5Query.expression` writes
    /// it: required groups, then categories (`cat:cs` is the phrase "cs" in the categories
    /// column, so the whole archive), then excluded terms and categories. Nil when nothing
    /// positive is left (FTS5 cannot express "everything except"); a `paperID` query is the
    /// store's to answer.
    public init?(_ query: SearchQuery) {
        var groups = query.required.map { group in group.map(TextQuery.phrase) }
        groups += query.categories.map { [Phrase($0, columns: [.categories])] }
        guard !groups.isEmpty else { return nil }
        self.groups = groups
        excluded = query.excluded.map(TextQuery.phrase) + query.excludedCategories.map { Phrase($0, columns: [.categories]) }
    }

    private static func phrase(_ term: SearchQuery.Term) -> Phrase {
        let columns: Set<TextIndex.Column> = switch term.field {
        case .any: [.title, .abstract, .authors]
        case .title: [.title]
        case .abstract: [.abstract]
        case .authors: [.authors]
        }
        return Phrase(term.text, isPrefix: term.isPrefix, columns: columns)
    }
}
