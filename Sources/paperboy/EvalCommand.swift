import ArgumentParser
import Foundation
import PaperboyCore
import PaperboyEmbed
import PaperboySQLite

/// `paperboy eval beir DIR` and `eval judged FILE`: search quality, in every mode.
struct EvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval", abstract: "Measure search quality.", subcommands: [EvalBEIRCommand.self, EvalJudgedCommand.self, EvalFitRankingCommand.self, EvalRecsCommand.self])
}
