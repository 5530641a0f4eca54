import ArgumentParser
import Foundation
import PaperboyCore
import PaperboyEmbed
import PaperboySQLite

/// `paperboy eval beir DIR`: search quality on a BEIR-layout dataset, in every mode.
struct EvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval", abstract: "Measure search quality.", subcommands: [EvalBEIRCommand.self])
}
