import Foundation

/// Server-wide values every process of an instance shares (the generated signing secret).
public protocol SettingStore: Sendable {
    /// The value under `key`, stored by the first caller (`make`) and the same for all after.
    func setting(_ key: String, orInsert make: @Sendable () -> String) async throws -> String
}

extension SettingStore {
    /// The secret that signs tokens: the configured one, else one generated on the first
    /// start and kept in the database, so every process of an instance signs alike.
    public func signingSecret(configured: String?) async throws -> String {
        if let configured { return configured }
        return try await setting("secret", orInsert: { TokenSigner.newSecret() })
    }
}
