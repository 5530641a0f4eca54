import Foundation
import Logging
import PaperboyCore

/// The steps every fetcher shares: reading its saved progress, keeping a page's valid
/// papers (reporting the rest), and importing a page together with the new progress.
struct FetchSteps {
    let store: any FetchStateStore
    let key: String
    let logger: Logger

    func state<State: Decodable>(or initial: State) async throws -> State {
        try await store.fetchState(key).flatMap { try? JSONDecoder().decode(State.self, from: Data($0.utf8)) } ?? initial
    }

    /// The papers among `records`; the others are counted as skipped and logged.
    func papers(_ records: [ParsedRecord], report: inout FetchReport, page: String) -> [Paper] {
        records.compactMap { record in
            switch record {
            case .paper(let paper, _):
                return paper
            case .invalid(let issue):
                report.skipped += 1
                logger.notice("record skipped", metadata: ["source": "\(key)", "page": "\(page)", "issue": "\(issue)"])
                return nil
            }
        }
    }

    /// One page's papers and the progress after it, in one transaction. An answer that was
    /// no page (an OAI error such as noRecordsMatch) saves progress without counting.
    func importPage<State: Encodable>(_ papers: [Paper], state: State, report: inout FetchReport, isPage: Bool = true) async throws {
        let counts = try await store.upsert(papers, saving: (key, String(decoding: try JSONEncoder().encode(state), as: UTF8.self)))
        if isPage { report.pages += 1 }
        report.records += papers.count
        report.inserted += counts.inserted
        report.updated += counts.updated
    }
}
