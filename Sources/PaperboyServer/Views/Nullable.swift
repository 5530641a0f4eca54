/// An optional that a JSON response writes as `null` when absent (synthesised `Encodable`
/// leaves a nil optional out), so every response of a route has the same keys, as the
/// OpenAPI document promises.
struct Nullable<Value: Encodable>: Encodable {
    let value: Value?

    init(_ value: Value?) { self.value = value }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let value { try container.encode(value) } else { try container.encodeNil() }
    }
}
