import Foundation
@testable import PaperboyCore
import Testing

/// What a reader checks first: code, stars, project page, summary, keywords, venue, read
/// from the real fixtures with exact values, and kept safe.
@Suite struct PaperDetailsTests {
    @Test func huggingFaceDetailsAreReadWithExactValues() throws {
        let papers = try Fixtures.papers("hf-daily-papers-2026-08-21.json")
        let envHarness = try #require(papers.first { $0.id.rawValue == "2608.19880" })
        #expect(envHarness.codeRepository == "https://github.com/google-research/envharness")
        #expect(!envHarness.codeFoundInText)
        #expect(envHarness.codeStars == 8)
        #expect(envHarness.projectPage == "https://envharness.com/")
        #expect(envHarness.aiSummary == "EnvHarness and EnvRigger dynamically reshape static environments via programmable plugins to target agent weaknesses and improve reinforcement learning co-evolution.")
        #expect(envHarness.aiKeywords == ["LLM agents", "Environment Harness", "EnvHarness", "EnvRigger", "black-box policy",
                                          "execution trajectories", "reinforcement learning", "co-evolution"])
        #expect(envHarness.discussionComments == 1)
        #expect(envHarness.thumbnail == "https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2608.19880.png")
        #expect(envHarness.submittedBy == "taesiri")
        let forge = try #require(papers.first { $0.id.rawValue == "2608.14022" })
        #expect(forge.codeStars == 76)
        #expect(forge.projectPage == "https://asdfo123.github.io/ForgeWM/")
        #expect(forge.aiKeywords.count == 9)
        #expect(papers.filter { $0.projectPage != nil }.count == 9)
        #expect(papers.filter { $0.codeStars != nil }.count == 12)
        #expect(papers.allSatisfy { $0.thumbnail != nil && $0.submittedBy != nil })

        // 2025 listings name the submitter outside the paper, and carry no summary yet.
        let y2025 = try Fixtures.papers("hf-daily-papers-2025-03-04.json")
        let visual = try #require(y2025.first { $0.id.rawValue == "2503.01785" })
        #expect(visual.submittedBy == "Zery")
        #expect(visual.projectPage == "https://github.com/Liuziyu77/Visual-RFT")
        #expect(visual.aiSummary == nil && visual.aiKeywords.isEmpty && visual.codeStars == nil)
        #expect(visual.discussionComments == 1)
    }

    @Test func codeLinksAreFoundInRealAbstracts() throws {
        struct Example: Decodable { var id: String; var abstract: String; var code: String }
        let examples = try JSONDecoder().decode([Example].self, from: Data(contentsOf: URL(fileURLWithPath: Fixtures.path("code-links-in-abstracts.json"))))
        #expect(examples.count == 24)
        for example in examples {
            #expect(CodeLinks.primary(in: [example.abstract]) == example.code, "\(example.id)")
            var draft = PaperDraft()
            draft.id = example.id
            draft.title = "T"
            draft.abstract = example.abstract
            let paper = try draft.validated()
            #expect(paper.codeRepository == example.code && paper.codeFoundInText, "\(example.id)")
        }
        // One link written twice (LaTeX's \href{url}{url}) is one link; every link is kept in order.
        let twice = try #require(examples.first { $0.id == "2505.13233" })
        #expect(CodeLinks.find(in: twice.abstract) == ["https://github.com/BIT-DA/ABS"])
        let both = try #require(examples.first { $0.id == "2606.21116" })
        #expect(CodeLinks.find(in: both.abstract) == ["https://huggingface.co/datasets/jeffbbrown2/ConnectomeBench2",
                                                     "https://github.com/timfarkas/ConnectomeBench2"])
    }

    @Test func codeLinksInCommentsAndWhatIsNotALink() throws {
        // The Kaggle snapshot's real comments: the first of two links.
        let lemire = try Fixtures.papers("kaggle-snapshot.jsonl")[1]
        #expect(lemire.codeRepository == "https://github.com/fastfloat/fast_float")
        #expect(CodeLinks.find(in: lemire.comments ?? "") == ["https://github.com/fastfloat/fast_float",
                                                              "https://github.com/lemire/simple_fastfloat_benchmark/"])
        for text in ["see notgithub.com/a/b", "mirror at sub.github.com/x", "https://github.com/", "github.com/.", "the gitlab.com/ page",
                     "https://huggingface.co/papers/2401.00001", "javascript:alert(1)//github.com", "github.com\u{0338}/x/y"] {
            #expect(CodeLinks.find(in: text).isEmpty || text.hasPrefix("javascript"), "\(text)")
        }
        // A link after `javascript:` is still an https link to GitHub, never the script.
        #expect(CodeLinks.find(in: "javascript:alert(1)//github.com/a/b") == ["https://github.com/a/b"])
        // Anything past ASCII ends a link: a quote with a combining mark cannot ride along.
        #expect(CodeLinks.find(in: "https://github.com/a/b\"\u{0338} onmouseover=x") == ["https://github.com/a/b"])
        #expect(CodeLinks.find(in: "(code: https://github.com/a/b).") == ["https://github.com/a/b"])
        #expect(CodeLinks.find(in: "https://GitHub.com/A/B.git") == ["https://github.com/A/B"])
    }

    @Test func venueFromJournalRefOrComments() {
        #expect(Venue.named(journalRef: "Phys. Rev. D 103, 096005 (2021)", comments: "Accepted at NeurIPS 2025") == "Phys. Rev. D 103, 096005 (2021)")
        let cases: [(String, String?)] = [
            ("Accepted at NeurIPS 2025 (spotlight). Code at https://github.com/a/b", "NeurIPS 2025"),
            ("Accepted to CVPR 2024", "CVPR 2024"),
            ("ICLR 2025 camera-ready; 12 pages", "ICLR 2025"),
            ("To appear in EMNLP'24", "EMNLP 2024"),
            ("Accepted by ACL 2025 Findings", "ACL 2025"),
            ("Findings of ACL 2025", "Findings of ACL 2025"),
            ("NeurIPS 2023 Workshop on Diffusion Models", "NeurIPS 2023 Workshop"),
            ("Published at NIPS 2016", "NeurIPS 2016"),
            ("Oral presentation at AAAI", "AAAI"),
            ("CVPR’24 highlight", "CVPR 2024"),
            // Mentions that name no venue.
            ("10 pages, 7 figures", nil),
            ("We compare with methods from CVPR", nil),
            ("Extends our ACLU report", nil),
            ("4 pages, contribution to the Joint INFN-CERN-EuCARD-AccNet Workshop on Electron-Cloud Effects: ECLOUD'12", nil),
        ]
        for (comments, venue) in cases {
            #expect(Venue.named(journalRef: nil, comments: comments) == venue, "\(comments)")
        }
        #expect(Venue.named(journalRef: nil, comments: nil) == nil)
    }

    @Test func detailsMergeTheLatestAndAGivenCodeLinkBeatsOneFoundInText() throws {
        let id = PaperID.parse("2608.19880")!.id
        let fromArxiv = Paper(id: id, title: "T", version: 1, comments: "Code: github.com/someone/fork",
                              codeRepository: "https://github.com/someone/fork", codeFoundInText: true)
        let fromHF = Paper(id: id, title: "T", codeRepository: "https://github.com/google-research/envharness", codeStars: 8,
                           aiKeywords: ["a"], discussionComments: 1)
        for merged in [fromArxiv.merged(with: fromHF), fromHF.merged(with: fromArxiv)] {
            #expect(merged.codeRepository == "https://github.com/google-research/envharness")
            #expect(!merged.codeFoundInText)
        }
        var later = fromHF
        later.codeStars = 20
        later.discussionComments = nil
        later.aiKeywords = []
        let refetched = fromHF.merged(with: later)
        #expect(refetched.codeStars == 20, "stars keep the latest")
        #expect(refetched.discussionComments == 1 && refetched.aiKeywords == ["a"], "a record without a value keeps the stored one")
    }

    @Test func hostileDetailsNeverBecomeLinksOrGrowWithoutBound() throws {
        var draft = PaperDraft()
        draft.id = "2401.00001"
        draft.title = "T"
        draft.codeRepository = "javascript:alert(1)"
        draft.projectPage = "data:text/html,<script>alert(1)</script>"
        draft.thumbnail = "javascript:alert(1)"
        draft.aiSummary = String(repeating: "x", count: PaperDraft.Limits.aiSummary + 1)
        draft.aiKeywords = ["ok", "ok", " ", String(repeating: "k", count: 200)] + (0..<100).map { "k\($0)" }
        draft.codeStars = -5
        draft.abstract = "Code: javascript:alert(1)"
        let paper = try draft.validated()
        #expect(paper.codeRepository == nil && paper.projectPage == nil && paper.thumbnail == nil)
        #expect(paper.aiSummary == nil, "a summary past its limit is dropped, the paper kept")
        #expect(paper.aiKeywords.count == PaperDraft.Limits.keywords && paper.aiKeywords.prefix(2) == ["ok", "k0"])
        #expect(paper.codeStars == nil)
    }

    @Test func exportAndReimportKeepEveryDetail() throws {
        let papers = try Fixtures.papers("hf-daily-papers-2026-08-21.json") + Fixtures.papers("kaggle-snapshot.jsonl")
        let encoder = JSONEncoder()
        for paper in papers {
            let line = try encoder.encode(PaperboyJSONRecord(paper))
            let back = try PaperboyJSONRecord.draft(from: line, decoder: JSONDecoder()).validated()
            #expect(back == paper, "\(paper.id)")
        }
    }
}
