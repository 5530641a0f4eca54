import Testing
@testable import PaperboyCore

/// Every format read from real recorded files, comparing exact values from those files.
@Suite struct ImportFormatTests {
    @Test(arguments: [
        ("arxiv-api-query.xml", ImportFormat.atom), ("arxiv-api-empty.xml", .atom),
        ("oai-arxiv-getrecord.xml", .oai), ("oai-dc-listrecords-cs.xml", .oai), ("oai-arxivraw-0704.0001.xml", .oai),
        ("0704.0001.abs", .abs), ("hf-daily-papers-2024-05-27.json", .hf), ("hf-daily-papers-2026-08-21.json", .hf),
        ("kaggle-snapshot.jsonl", .kaggle), ("papers-sample.jsonl", .jsonl), ("papers-sample.jsonl.gz", .jsonl),
        ("text-page.txt", .text),
    ])
    func detectsTheFormat(file: String, format: ImportFormat) throws {
        #expect(try RecordReaders.detectFormat(path: Fixtures.path(file)) == format)
    }

    @Test func textIsOnlyGuessedForTitleAndAbstractLines() throws {
        let dir = try TemporaryDirectory()
        let page = "Attention, Please: A Study\nWe study attention in a long enough abstract line, which goes on for a while.\n"
        #expect(ImportFormat.detect(head: Array(page.utf8)) == .text)
        let csv = "id,title,abstract\n2401.00001,Some title,An abstract that is long enough to look like prose here.\n"
        #expect(ImportFormat.detect(head: Array(csv.utf8)) == nil)
        #expect(ImportFormat.detect(head: Array("just one line\n".utf8)) == nil)
        #expect(ImportFormat.detect(head: Array("2024-01-01 12:00 INFO started\n2024-01-01 12:01 INFO ok\n".utf8)) == nil)
        let csvPath = try dir.write("papers.csv", csv)
        #expect(throws: InputError.unknownFormat(path: csvPath)) { try RecordReaders.detectFormat(path: csvPath) }
        // A .txt file is read as a text page whatever its first lines look like.
        #expect(try RecordReaders.detectFormat(path: try dir.write("notes.txt", "short\nlines\n")) == .text)
    }

    @Test func arxivAPIAtom() throws {
        let papers = try Fixtures.papers("arxiv-api-query.xml")
        #expect(papers.count == 10)
        let first = papers[0]
        #expect(first.id.rawValue == "nucl-ex/0408020")
        #expect(first.version == 1)
        #expect(first.title == "Two-photon exchange and elastic scattering of electrons/positrons on the proton. (Proposal for an experiment at VEPP-3)")
        #expect(first.categories == ["nucl-ex", "hep-ph"])
        #expect(first.published == day("2004-08-18"))
        #expect(first.updated == day("2005-09-17"))
        #expect(first.comments == "13 pages, 10 figures. Proposal for a comparison of electron-proton and positron-proton scattering at VEPP-3")
        #expect(first.authors.count == 9)
        #expect(first.authors.first == "J. Arrington")
        #expect(first.authors.last == "H. de Vries")
        #expect(first.abstract?.hasPrefix("It has been suggested that two-photon exchange corrections") == true)
        #expect(first.sources == ["arxiv-api"])
        #expect(papers[1].id.rawValue == "1309.4668")
        #expect(papers[1].title == "Electron cloud observations at the ISIS Proton Synchrotron")
    }

    @Test func arxivAPIIdListAndEmptyResult() throws {
        let papers = try Fixtures.papers("arxiv-api-id-list.xml")
        #expect(papers == [Paper(
            id: pid("2201.13452"),
            title: "Asymptotic Analysis for a Nonlinear Reaction-Diffusion System Modeling an Infectious Disease",
            abstract: papers.first?.abstract, authors: ["Hong-Ming Yin", "Jun Zou"], categories: ["math.AP"],
            published: day("2022-01-31"), updated: day("2022-02-01"), version: 1, comments: "34 pages", sources: ["arxiv-api"]
        )])
        #expect(papers.first?.abstract?.hasSuffix("raised in the literature.") == true)
        #expect(try Fixtures.records("arxiv-api-empty.xml").isEmpty)
    }

    @Test func arxivAPIErrorEntryIsReportedNotImported() throws {
        let dir = try TemporaryDirectory()
        let path = try dir.write("error.xml", """
            <?xml version="1.0" encoding="UTF-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom">
              <entry>
                <id>http://arxiv.org/api/errors#incorrect_id_format_for_1234.12345</id>
                <title>Error</title>
                <summary>incorrect id format for 1234.12345</summary>
              </entry>
            </feed>
            """)
        let records = try Fixtures.records(atPath: path)
        guard case .invalid(let issue) = try #require(records.first) else { Issue.record("expected an issue"); return }
        #expect(issue.location == .record(1))
        #expect(issue.reason == .sourceError("incorrect id format for 1234.12345"))
    }

    @Test func oaiPMHArxivFormat() throws {
        let paper = try #require(try Fixtures.papers("oai-arxiv-getrecord.xml").first)
        #expect(paper.id.rawValue == "1401.2122")
        #expect(paper.title == "New integrable (3+1)-dimensional systems and contact geometry")
        #expect(paper.authors == ["A. Sergyeyev"])
        #expect(paper.categories == ["math.AP", "hep-th", "math-ph", "math.DG", "math.MP", "nlin.SI"])
        #expect(paper.published == day("2014-01-09"))
        #expect(paper.updated == day("2017-10-23"))
        #expect(paper.journalRef == "Lett. Math. Phys. 108 (2018), no. 2, 359-376")
        #expect(paper.doi == "10.1007/s11005-017-1013-4")
        #expect(paper.abstract?.hasPrefix("We introduce a novel systematic construction for integrable (3+1)-dimensional dispersionless systems") == true)
        #expect(paper.sources == ["arxiv-oai"])

        let record0 = try #require(try Fixtures.papers("oai-arxiv-record0.xml").first)
        #expect(record0.authors == ["Planck Collaboration", "Jieci Wang", "Zehua Tian", "Jiliang Jing", "Heng Fan"])
        #expect(record0.doi == "10.1103/PhysRevD.93.016005")
        #expect(record0.categories == ["quant-ph", "gr-qc", "hep-th", "chao-dyn", "nlin.CD"])

        let listing = try Fixtures.papers("oai-arxiv-listrecords-hep-th.xml")
        #expect(listing.count == 3)
        #expect(listing[0].id.rawValue == "1412.8323")
        #expect(listing[0].title == "Toolbox for reconstructing quantum theory from rules on information acquisition")
        #expect(listing[0].authors == ["Philipp A Hoehn"])
    }

    @Test func oaiPMHDublinCore() throws {
        let papers = try Fixtures.papers("oai-dc-listrecords-cs.xml")
        #expect(papers.map(\.id.rawValue) == ["1303.2033", "2401.14034", "2401.14036", "2401.14038", "2401.14040"])
        let first = papers[0]
        #expect(first.title == "Extended Fourier analysis of signals")
        #expect(first.authors == ["Vilnis Liepins"])
        #expect(first.categories == ["cs.DS", "cs.IT", "math.NA"])
        #expect(first.published == day("2013-03-08"))
        #expect(first.updated == day("2024-01-23"))
        #expect(first.version == 2)
        #expect(papers[4].comments == "Accepted to the Findings of EACL 2024")
        #expect(papers[4].abstract?.hasSuffix("detecting short-term changes.") == true)
    }

    @Test func oaiPMHArxivRawFormat() throws {
        let paper = try #require(try Fixtures.papers("oai-arxivraw-0704.0001.xml").first)
        #expect(paper.id.rawValue == "0704.0001")
        #expect(paper.version == 2)
        #expect(paper.published == day("2007-04-02"))
        #expect(paper.updated == day("2007-07-24"))
        #expect(paper.title == "Calculation of prompt diphoton production cross sections at Tevatron and LHC energies")
        #expect(paper.authors == ["C. Balázs", "E. L. Berger", "P. M. Nadolsky", "C.-P. Yuan"])
        #expect(paper.categories == ["hep-ph"])
        #expect(paper.doi == "10.1103/PhysRevD.76.013009")
        #expect(paper.journalRef == "Phys.Rev.D76:013009,2007")
    }

    @Test func oaiPMHErrorsAndDeletedRecords() throws {
        let dir = try TemporaryDirectory()
        let path = try dir.write("oai.xml", """
            <OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><ListRecords>
            <record><header status="deleted"><identifier>oai:arXiv.org:1401.0001</identifier></header></record>
            </ListRecords></OAI-PMH>
            """)
        let records = try Fixtures.records(atPath: path)
        #expect(records.count == 1)
        if case .invalid(let issue) = records[0] { #expect(issue.description.contains("deleted")) } else { Issue.record("deleted record imported") }

        let noMatch = try dir.write("none.xml", """
            <OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><error code="noRecordsMatch">No records</error></OAI-PMH>
            """)
        let none = try Fixtures.records(atPath: noMatch)
        if case .invalid(let issue) = try #require(none.first) { #expect(issue.reason == .sourceError("noRecordsMatch: No records")) }
    }

    @Test func arxivAbsFiles() throws {
        let paper = try #require(try Fixtures.papers("0704.0001.abs").first)
        #expect(paper.id.rawValue == "0704.0001")
        #expect(paper.title == "Calculation of prompt diphoton production cross sections at Tevatron and LHC energies")
        #expect(paper.authors == ["C. Balázs", "E. L. Berger", "P. M. Nadolsky", "C.-P. Yuan"])
        #expect(paper.categories == ["hep-ph"])
        #expect(paper.comments == "37 pages, 15 figures; published version")
        #expect(paper.journalRef == "Phys.Rev.D76:013009,2007")
        #expect(paper.doi == "10.1103/PhysRevD.76.013009")
        #expect(paper.published == day("2007-04-02"))
        #expect(paper.updated == day("2007-07-24"))
        #expect(paper.version == 2)
        #expect(paper.abstract?.hasPrefix("A fully differential calculation in perturbative quantum chromodynamics") == true)
        #expect(paper.abstract?.hasSuffix("judicious selection of events.") == true)

        let old = try #require(try Fixtures.papers("hep-th-9108002.abs").first)
        #expect(old.id.rawValue == "hep-th/9108002")
        #expect(old.title == "Hamiltonian construction of W-gravity actions")
        #expect(old.authors == ["A. Mikovic"])
        #expect(old.published == day("1991-08-15"))
        #expect(old.version == 1)
        #expect(old.doi == "10.1016/0370-2693(92)90710-L")
    }

    @Test func huggingFaceDailyPapersAcrossYears() throws {
        let y2024 = try Fixtures.papers("hf-daily-papers-2024-05-27.json")
        #expect(y2024.count == 13)
        let first = y2024[0]
        #expect(first.id.rawValue == "2405.15738")
        #expect(first.title == "ConvLLaVA: Hierarchical Backbones as Visual Encoder for Large Multimodal Models")
        #expect(first.upvotes == 32)
        #expect(first.published == day("2024-05-24"))
        #expect(first.listed == day("2024-05-27"))
        #expect(first.authors.count == 9)
        #expect(first.authors.first == "Chunjiang Ge")
        #expect(first.sources == ["hf-daily-papers"])

        #expect(try Fixtures.papers("hf-daily-papers-2025-03-04.json").count == 13)

        let y2026 = try Fixtures.papers("hf-daily-papers-2026-08-21.json")
        #expect(y2026.count == 17)
        #expect(y2026[0].id.rawValue == "2608.19880")
        #expect(y2026[0].title == "EnvHarness: Awakening Static Worlds for Agent Learning")
        #expect(y2026[0].upvotes == 163)
        #expect(y2026[0].listed == day("2026-08-21"))
        #expect(y2026[0].authors.count == 17)
        #expect(y2026[0].codeRepository == "https://github.com/google-research/envharness")
        #expect(y2026.filter { $0.codeRepository != nil }.count == 12)
        let y2025 = try Fixtures.papers("hf-daily-papers-2025-03-04.json")
        #expect(y2025.first { $0.id.rawValue == "2503.00501" }?.codeRepository == "https://github.com/RED-Search/Qilin/")
        // 2024 listings carry no githubRepo; this abstract links its code.
        #expect(first.codeRepository == "https://github.com/alibaba/conv-llava")
        #expect(first.codeFoundInText)
        #expect(!y2026[0].codeFoundInText)
    }

    @Test func onlyWebLinksAreKeptAsCode() throws {
        for (given, kept) in [("https://github.com/a/b", "https://github.com/a/b"), (" http://gitlab.com/x ", "http://gitlab.com/x"),
                              ("javascript:alert(1)", nil), ("data:text/html,<b>", nil), ("https://", nil), ("github.com/a/b", nil),
                              ("https://github.com/a b", nil), ("https://github.com/\u{0}x", nil), ("HTTPS://EXAMPLE.ORG", "HTTPS://EXAMPLE.ORG")] {
            var draft = PaperDraft()
            draft.id = "2401.00001"
            draft.title = "T"
            draft.codeRepository = given
            #expect(try draft.validated().codeRepository == kept, "\(given)")
        }
    }

    @Test func huggingFaceToleratesWrappedAndNonObjectEntries() throws {
        let dir = try TemporaryDirectory()
        let wrapped = try dir.write("wrapped.json", """
            {"status": "ok", "date": "2025-01-10", "count": 2, "data": [
              {"paper": {"id": "2501.01234", "title": "A Paper", "summary": "S", "upvotes": 4, "authors": [{"name": "A"}], "newField": {"x": 1}}},
              "{'paper': {'id': '2501.09999'}}"
            ]}
            """)
        let records = try Fixtures.records(atPath: wrapped, format: .hf)
        #expect(records.count == 2)
        if case .paper(let paper, _) = records[0] { #expect(paper.upvotes == 4) } else { Issue.record("first entry not imported") }
        if case .invalid(let issue) = records[1] { #expect(issue.location == .record(2)) } else { Issue.record("repr entry imported") }
    }

    @Test func kaggleSnapshotLines() throws {
        let papers = try Fixtures.papers("kaggle-snapshot.jsonl")
        #expect(papers.count == 2)
        #expect(papers[0].id.rawValue == "0704.0001")
        #expect(papers[0].authors == ["C. Balázs", "E. L. Berger", "P. M. Nadolsky", "C. -P. Yuan"])
        #expect(papers[0].version == 2)
        #expect(papers[0].published == day("2007-04-02"))
        #expect(papers[0].updated == day("2007-07-24"))
        let lemire = papers[1]
        #expect(lemire == Paper(
            id: pid("2101.11408"), title: "Number Parsing at a Gigabyte per Second",
            abstract: "With disks and networks providing gigabytes per second ....", authors: ["Daniel Lemire"],
            categories: ["cs.DS", "cs.MS"], published: day("2021-01-11"), updated: day("2021-01-30"), version: 2,
            doi: "10.1002/spe.2984", journalRef: "Software: Practice and Experience 51 (8), 2021",
            comments: "Software at https://github.com/fastfloat/fast_float and https://github.com/lemire/simple_fastfloat_benchmark/",
            codeRepository: "https://github.com/fastfloat/fast_float", codeFoundInText: true,
            sources: ["arxiv-kaggle"]
        ))
    }

    @Test func paperboyJSONLinesPlainAndGzipped() throws {
        let plain = try Fixtures.papers("papers-sample.jsonl")
        let gzipped = try Fixtures.papers("papers-sample.jsonl.gz")
        #expect(plain.count == 41)
        #expect(plain == gzipped)
        let yolo = try #require(plain.first { $0.id.rawValue == "2402.13616" })
        #expect(yolo.title.hasPrefix("YOLOv9: Learning What You Want to Learn"))
        #expect(plain.allSatisfy { !$0.sources.isEmpty })
    }

    @Test func textPage() throws {
        let papers = try Fixtures.papers("text-page.txt")
        let sample = try Fixtures.papers("papers-sample.jsonl").filter { $0.abstract != nil }
        #expect(papers.count == 3)
        #expect(papers.map(\.title) == sample.prefix(3).map(\.title))
        #expect(papers.map(\.abstract) == sample.prefix(3).map(\.abstract))
        #expect(papers[0].id == PaperID.local(forTitle: sample[0].title))
        #expect(papers[1].id.rawValue == "2412.04432")
        #expect(papers.allSatisfy { $0.sources == ["text"] })
    }
}
