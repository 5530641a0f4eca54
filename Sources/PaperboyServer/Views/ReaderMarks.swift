import PaperboyCore

/// What a signed-in reader did with papers: saved them, rated them. Cards show it; a
/// visitor's cards show none (and their buttons lead to sign-in).
struct ReaderMarks: Sendable {
    var saved: Set<PaperID> = []
    var ratings: [PaperID: Rating] = [:]

    static let none = ReaderMarks()

    init(saved: Set<PaperID> = [], ratings: [PaperID: Rating] = [:]) {
        self.saved = saved
        self.ratings = ratings
    }

    init(library: [SavedPaper], ratings: [PaperID: Rating]) {
        self.init(saved: Set(library.map(\.paper)), ratings: ratings)
    }
}

/// The library buttons of a paper (cards and the paper page): thumbs up and down, each a
/// toggle, and save (or, once saved, remove from the library).
struct LibraryButtons {
    let rateAction: String
    let saveAction: String
    let saved: Bool
    let ratedUp: Bool
    let ratedDown: Bool
    /// What each thumb sends: pressing a pressed thumb clears the rating.
    let upValue: String
    let downValue: String

    init(_ id: PaperID, marks: ReaderMarks) {
        let href = Link.paper(id)
        let rating = marks.ratings[id]
        saved = marks.saved.contains(id)
        rateAction = href + "/rate"
        saveAction = href + (saved ? "/unsave" : "/save")
        ratedUp = rating == .up
        ratedDown = rating == .down
        upValue = ratedUp ? "none" : "up"
        downValue = ratedDown ? "none" : "down"
    }
}

/// Why the "For you" page shows a paper.
struct RecommendationReasonView {
    let likeTitle: String?
    let likeHref: String?
    let words: String?
}
