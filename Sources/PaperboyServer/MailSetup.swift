import PaperboyCore
import PaperboyMail

/// How the site sends mail: a transport (SMTP relay or Maildir) and the digest settings.
public struct MailSetup: Sendable {
    public var transport: any MailTransport
    public var settings: DigestRunner.Settings

    public init(transport: any MailTransport, settings: DigestRunner.Settings) {
        self.transport = transport
        self.settings = settings
    }
}
