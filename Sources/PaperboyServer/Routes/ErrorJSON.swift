import Foundation
import Hummingbird
import PaperboyCore

/// `{"error": {"status": 400, "message": "...", "parameter": "limit"}}`.
struct ErrorJSON: Encodable {
    struct Body: Encodable {
        let status: Int
        let message: String
        let parameter: String?

        enum CodingKeys: String, CodingKey { case status, message, parameter }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(status, forKey: .status)
            try c.encode(message, forKey: .message)
            try c.encode(parameter, forKey: .parameter)
        }
    }

    let error: Body
}
