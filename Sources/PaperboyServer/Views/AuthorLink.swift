import Foundation
import PaperboyCore

struct AuthorLink {
    let name: String
    let href: String
    let last: Bool
}
