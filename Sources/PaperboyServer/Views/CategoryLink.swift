import Foundation
import PaperboyCore

/// What the templates show. Plain values only: the templates decide markup, and Mustache
/// escapes every value.
struct CategoryLink {
    let name: String
    let href: String

    init(_ category: String) {
        name = category
        href = Link.search(["q": "cat:" + category])
    }
}
