/// What a reader yields for each record it finds.
public enum ParsedRecord: Sendable {
    case paper(Paper, RecordLocation)
    case invalid(RecordIssue)

    /// Validates a draft into a paper, or into the reason it is skipped.
    public init(_ draft: PaperDraft, at location: RecordLocation) {
        do {
            self = .paper(try draft.validated(), location)
        } catch {
            self = .invalid(RecordIssue(location, error))
        }
    }
}
