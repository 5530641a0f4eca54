/// A reader's thumbs up or down on a paper: what their recommendations learn from, beside
/// the papers they save.
public enum Rating: Int, Sendable, Codable, CaseIterable {
    case down = -1
    case up = 1
}
