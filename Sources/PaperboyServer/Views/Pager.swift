import Foundation
import PaperboyCore

struct Pager {
    let page: Int
    let pages: Int
    let previous: String?
    let next: String?

    /// Nil when everything fits on one page.
    static func make(total: Int, page: Int, perPage: Int, link: (Int) -> String) -> Pager? {
        let pages = max(1, (total + perPage - 1) / perPage)
        guard pages > 1 else { return nil }
        return Pager(page: page, pages: pages, previous: page > 1 ? link(page - 1) : nil,
                     next: page < pages ? link(page + 1) : nil)
    }
}
