import ArgumentParser
import Foundation
import Logging
import PaperboyCore
import PaperboySQLite
import PaperboyMail
import PaperboyServer

/// A failure to explain to the user; ArgumentParser prints it and exits 1.
struct Failure: Error, CustomStringConvertible {
    let description: String
}
