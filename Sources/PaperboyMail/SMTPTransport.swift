import Foundation

/// Delivers through an SMTP relay, keeping up to `configuration.connections` sessions open
/// and reusing them from one message to the next.
public actor SMTPTransport: MailTransport {
    public let configuration: SMTPConfiguration
    private let heloName: String
    private var idle: [SMTPConnection] = []

    public init(configuration: SMTPConfiguration, heloName: String) {
        self.configuration = configuration
        self.heloName = heloName
    }

    public func send(_ message: Data, from sender: String, to recipients: [String]) async throws {
        let connection: SMTPConnection
        if let reused = idle.popLast() {
            connection = reused
        } else {
            connection = try await SMTPConnection.open(configuration, heloName: heloName)
        }
        do {
            try await connection.send(message, from: sender, to: recipients)
            if connection.isUsable { idle.append(connection) } else { connection.close() }
        } catch let error as MailError {
            if connection.isUsable && error.kind == .permanent { idle.append(connection) } else { connection.close() }
            throw error
        }
    }

    /// Says goodbye on every open session.
    public func close() async {
        let open = idle
        idle = []
        for connection in open { await connection.quit() }
    }
}
