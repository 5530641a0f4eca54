import Foundation
import Hummingbird
import Mustache
import PaperboyCore

/// The Mustache templates in Resources/templates.
///
/// Every `{{value}}` is escaped by `PaperboyHTML`, on UTF-8 bytes. The library's own HTML
/// escape works on `Character`s and lets `"` followed by a combining mark through raw (one
/// `Character`, equal to no quote), which breaks out of any attribute. So each template is
/// compiled with Paperboy's content type in force from its first byte (partials and layouts
/// included, since each is a template of its own), and a template that writes a value
/// unescaped (`{{{…}}}`, `{{&…}}`) is refused at load.
struct Templates: Sendable {
    let library: MustacheLibrary

    /// The content type's name in the `CONTENT_TYPE` pragma.
    static let contentTypeName = "PAPERBOY_HTML"

    struct PaperboyHTML: MustacheContentType {
        func escapeText(_ text: String) -> String { XMLText.escaped(text) }
    }

    /// The templates rendered by name (pages, and the card partial the property test renders
    /// alone); each must be in the bundle, checked at load.
    enum Page: String, CaseIterable {
        case account, adminSources = "admin-sources", card, error, forYou = "for-you", home, library, manage, message, paper, search, signin
        case signinVerify = "signin-verify", subscribe, unsubscribe
    }

    struct UnescapedValue: Error, CustomStringConvertible {
        let template: String
        var description: String { "template \(template) writes a value unescaped" }
    }

    struct MissingTemplate: Error, CustomStringConvertible {
        let template: String
        var description: String { "template \(template) is missing from the bundle" }
    }

    static func load() async throws -> Templates {
        guard let directory = Bundle.module.url(forResource: "Resources", withExtension: nil)?.appendingPathComponent("templates") else {
            throw AppError(.internalServerError, "templates missing from the bundle")
        }
        MustacheContentTypes.register(PaperboyHTML(), named: contentTypeName)
        var library = MustacheLibrary()
        let files = try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
        for file in files where file.pathExtension == "mustache" {
            let name = file.deletingPathExtension().lastPathComponent
            let text = try String(contentsOf: file, encoding: .utf8)
            guard !text.contains("{{{"), !text.contains("{{&") else { throw UnescapedValue(template: name) }
            try library.register("{{% CONTENT_TYPE: \(contentTypeName)}}" + text, named: name)
        }
        for page in Page.allCases where library.getTemplate(named: page.rawValue) == nil {
            throw MissingTemplate(template: page.rawValue)
        }
        return Templates(library: library)
    }

    /// Every `Page` was found at load, so rendering one always yields its HTML.
    func render(_ page: Page, _ view: Any, viewer: SignedInReader? = nil) -> String {
        let context = PageContext(view: view, viewer: viewer.map { PageContext.Viewer(email: $0.account.email.value, csrf: $0.csrf) })
        return library.render(context, withTemplate: page.rawValue) ?? ""
    }
}
