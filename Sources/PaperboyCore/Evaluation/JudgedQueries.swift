import Foundation

/// A judged query set: real queries, and for each the papers a reader graded 0 (not
/// relevant), 1 (partly) or 2 (what the query asks for), judged blind from the pooled top 10
/// of every search mode. Papers nobody judged count as not relevant, so a ranking that
/// brings up new papers is scored low until they are judged: `judgedShare` says how much of
/// a top 10 was judged.
///
/// The file is JSON: `{"about": "...", "queries": [{"query": "...", "grades": {"2401.12345": 2, ...}}]}`.
public struct JudgedQueries: Sendable, Decodable {
    public struct Query: Sendable, Decodable, Equatable {
        public var query: String
        public var grades: [String: Int]

        public init(query: String, grades: [String: Int]) {
            self.query = query
            self.grades = grades
        }
    }

    public var about: String?
    public var queries: [Query]

    public struct Invalid: Error, CustomStringConvertible {
        public var description: String
    }

    public init(about: String? = nil, queries: [Query]) {
        self.about = about
        self.queries = queries
    }

    /// Reads and checks a judged set: at least one query, no empty query, grades 0-2.
    public init(contentsOf path: String) throws {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw Invalid(description: "cannot read \(path): \(error.localizedDescription)")
        }
        do { self = try JSONDecoder().decode(JudgedQueries.self, from: data) } catch {
            throw Invalid(description: "\(path) is not a judged query set ({\"queries\": [{\"query\", \"grades\"}]}): \(error)")
        }
        guard !queries.isEmpty else { throw Invalid(description: "\(path) holds no query") }
        for (number, query) in queries.enumerated() {
            guard !query.query.allSatisfy(\.isWhitespace) else { throw Invalid(description: "\(path): query \(number + 1) is empty") }
            guard query.grades.values.allSatisfy((0...2).contains) else {
                throw Invalid(description: "\(path): query \(number + 1) (\(query.query)) has a grade outside 0-2")
            }
        }
    }

    /// nDCG@10, P@10 (the share of the first 10 graded 1 or 2) and the share of the first 10
    /// that was judged, averaged over the queries; `rankings` holds each query's ranked ids,
    /// in the order of `queries`.
    public func score(_ rankings: [[String]]) -> (ndcg: Double, precision: Double, judged: Double) {
        precondition(rankings.count == queries.count, "one ranking per query")
        var ndcg = 0.0, precision = 0.0, judged = 0.0
        for (query, ranking) in zip(queries, rankings) {
            let top = ranking.prefix(10)
            ndcg += RetrievalMetrics.ndcg(ranking: ranking, relevant: query.grades)
            precision += Double(top.filter { (query.grades[$0] ?? 0) > 0 }.count) / 10
            judged += Double(top.filter { query.grades[$0] != nil }.count) / Double(max(1, top.count))
        }
        let n = Double(queries.count)
        return (ndcg / n, precision / n, judged / n)
    }
}
