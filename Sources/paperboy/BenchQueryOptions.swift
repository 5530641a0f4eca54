import ArgumentParser

/// What every query benchmark reads: the queries, how many rounds of them, how many results.
struct BenchQueryOptions: ParsableArguments {
    @Option(help: "A file with one query per line.")
    var queries: String

    @Option(help: "Times to run the whole query list.")
    var rounds: Int = 5

    @Option(help: "Results per query.")
    var limit: Int = 20

    @Option(help: "Print this many of the slowest queries.")
    var slowest: Int = 0

    /// The non-empty lines of the query file.
    func lines() throws -> [String] {
        try String(contentsOfFile: queries, encoding: .utf8).split(separator: "\n").map(String.init).filter { !$0.isEmpty }
    }
}
