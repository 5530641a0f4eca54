import Foundation
import Mustache
import PaperboyCore
@testable import PaperboyServer
import Testing

/// The values that name their fields to Mustache (`MustacheFields.swift`) name every one of
/// them, with the value reflection would give: a field added to a card but not to its list
/// would otherwise vanish from the page without an error.
@Suite struct MustacheFieldsTests {
    static func check(_ value: some MustacheParent) {
        for child in Mirror(reflecting: value).children {
            guard let label = child.label else { continue }
            let mirror = Mirror(reflecting: child.value)
            let expected: Any? = mirror.displayStyle == .optional ? mirror.children.first?.value : child.value
            let given = value.child(named: label)
            #expect((given == nil) == (expected == nil), "\(type(of: value)).\(label)")
            if let expected, let given { #expect(String(describing: given) == String(describing: expected), "\(type(of: value)).\(label)") }
        }
        #expect(value.child(named: "noSuchField") == nil)
    }

    @Test func everyFieldIsNamed() throws {
        var paper = Paper(id: PaperID.parse("2604.17284")!.id, title: "A title", abstract: "An abstract.", authors: ["A. Author"],
                          categories: ["cs.CL", "cs.AI"], published: Day("2026-04-21"))
        paper.codeRepository = "https://github.com/owner/repo"
        paper.codeStars = 1_200
        paper.journalRef = "ACL 2026"
        paper.aiSummary = "A summary."
        var card = PaperCard(paper, voted: true, returnTo: "/", marks: ReaderMarks(saved: [paper.id], ratings: [paper.id: .up]))
        card.reason = RecommendationReasonView(likeTitle: "Liked", likeHref: "/papers/1", words: "agents, tools")
        Self.check(card)
        Self.check(card.library)
        Self.check(try #require(card.reason))
        Self.check(try #require(card.categories.first))
        Self.check(try #require(card.code))
        Self.check(PageContext.Viewer(email: "a@example.org", csrf: "token"))
        // A card without the optional parts gives nil for them, not a boxed nil.
        let bare = PaperCard(Paper(id: PaperID.parse("2604.00001")!.id, title: "Bare"), voted: false, returnTo: "/")
        Self.check(bare)
        #expect(bare.child(named: "code") == nil && bare.child(named: "reason") == nil && bare.child(named: "venue") == nil)
    }
}
