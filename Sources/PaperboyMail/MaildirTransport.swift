import Foundation

/// The embedded default: each message becomes a file in a Maildir (`tmp/`, then renamed
/// into `new/`), named after its Message-ID, so a retried message replaces its first copy
/// instead of adding a second. Mail clients open the `.eml` files directly.
public struct MaildirTransport: MailTransport {
    public let directory: URL

    public init(directory: URL) { self.directory = directory }

    public func send(_ message: Data, from sender: String, to recipients: [String]) async throws {
        let fileManager = FileManager.default
        let tmp = directory.appendingPathComponent("tmp"), new = directory.appendingPathComponent("new")
        do {
            for folder in [tmp, new, directory.appendingPathComponent("cur")] {
                try fileManager.createDirectory(at: folder, withIntermediateDirectories: true)
            }
            let name = MaildirTransport.fileName(for: message)
            let staged = tmp.appendingPathComponent(name)
            try message.write(to: staged)
            let final = new.appendingPathComponent(name)
            if fileManager.fileExists(atPath: final.path) { try fileManager.removeItem(at: final) }
            try fileManager.moveItem(at: staged, to: final)
        } catch {
            throw MailError(.temporary, "cannot write to the outbox \(directory.path): \(error.localizedDescription)")
        }
    }

    /// `<hash of the Message-ID>.eml`; the Message-ID header is found in the message itself.
    static func fileName(for message: Data) -> String {
        let head = String(decoding: message.prefix(4096), as: UTF8.self)
        let id = head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("message-id:") } ?? Substring(head)
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in id.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return String(hash, radix: 16) + ".eml"
    }
}
