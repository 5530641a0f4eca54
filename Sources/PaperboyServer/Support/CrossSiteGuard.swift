import Foundation
import PaperboyCore
import HTTPTypes
import Hummingbird

/// Refuses state-changing requests that a browser sent on behalf of another site. Browsers
/// send `Sec-Fetch-Site` and `Origin` on cross-site POSTs; a request from this site, or
/// from a non-browser client (which sends neither and holds no visitor's cookie), passes.
struct CrossSiteGuard: Sendable {
    let publicOrigin: String?

    func check(_ request: Request) throws {
        if let site = request.headers[HTTPField.Name("Sec-Fetch-Site")!], site != "same-origin", site != "none" {
            throw AppError(.forbidden, "Cross-site requests cannot change anything here.")
        }
        guard let origin = request.headers[.origin] else { return }
        let host = request.head.authority
        let sameAsHost = host.map { origin == "http://\($0)" || origin == "https://\($0)" } ?? false
        guard sameAsHost || origin == publicOrigin else {
            throw AppError(.forbidden, "Cross-site requests cannot change anything here.")
        }
    }
}
