import Foundation

/// The words of Paperboy's emails: the digest and the confirmation request, each as a
/// subject, a plain-text part and an HTML part with inline styles (mail clients drop
/// stylesheets). Every value is HTML-escaped.
public enum DigestEmail {
    /// Absolute links the emails carry (from PAPERBOY_PUBLIC_URL).
    public struct Links: Sendable {
        public var site: String
        public var manage: String
        public var unsubscribe: String

        public init(site: String, manage: String, unsubscribe: String) {
            self.site = site.hasSuffix("/") ? String(site.dropLast()) : site
            self.manage = manage
            self.unsubscribe = unsubscribe
        }

        public func paper(_ id: PaperID) -> String {
            site + PaperLinks.pagePath(id)
        }
    }

    public struct Content: Sendable {
        public var subject: String
        public var text: String
        public var html: String

        public init(subject: String, text: String, html: String) {
            self.subject = subject
            self.text = text
            self.html = html
        }
    }

    public static func digest(_ sections: [DigestSelection.Section], day: Day, frequency: Subscription.Frequency,
                              links: Links) -> Content {
        let count = sections.reduce(0) { $0 + $1.papers.count }
        let topics = sections.map(\.topic.description)
        var subject = "\(count) new paper\(count == 1 ? "" : "s") for you, \(day)"
        if !topics.isEmpty {
            let shown = topics.prefix(3).joined(separator: ", ") + (topics.count > 3 ? ", …" : "")
            subject += ": " + String(String.UnicodeScalarView(shown.unicodeScalars.prefix(80)))
        }
        // Topics are checked when a reader saves them; a line break stored before that rule
        // must still not end the Subject header (nor fail the digest).
        subject = String(String.UnicodeScalarView(subject.unicodeScalars.map { MIMEEncoding.isHeaderSafe($0) ? $0 : " " }))
        var text = ["Your \(frequency.rawValue) Paperboy digest for \(day)", ""]
        var html = """
            <!DOCTYPE html><html><head><meta charset="utf-8"><title>\(XMLText.escaped(subject))</title></head>
            <body style="margin:0;padding:0;background:#f6f6f4;">
            <div style="max-width:640px;margin:0 auto;padding:24px 16px;font-family:Georgia,'Times New Roman',serif;color:#1d1d1b;">
            <h1 style="font-size:22px;margin:0 0 4px 0;">Your \(frequency.rawValue) Paperboy digest</h1>
            <p style="margin:0 0 20px 0;color:#5a5a55;font-size:14px;">\(day) · \(count) paper\(count == 1 ? "" : "s")</p>

            """
        for section in sections {
            let why = switch section.topic {
            case .trending: "Trending"
            case .forYou: "Recommended for you, from your library"
            case .query: "Because you follow “\(section.topic)”"
            }
            text += [why, String(repeating: "=", count: min(why.count, 72)), ""]
            html += "<h2 style=\"font-size:16px;margin:24px 0 8px 0;color:#8a3b12;\">\(XMLText.escaped(why))</h2>\n"
            for paper in section.papers {
                let link = links.paper(paper.id)
                var facts: [String] = []
                if !paper.authors.isEmpty {
                    facts.append(paper.authors.prefix(3).joined(separator: ", ") + (paper.authors.count > 3 ? " et al." : ""))
                }
                if let first = paper.categories.first { facts.append(first) }
                if let votes = paper.totalUpvotes, votes > 0 { facts.append("▲ \(votes)") }
                if let venue = paper.venue, venue.count <= 60 { facts.append(venue) }
                // Hugging Face's one line, labelled as theirs, before the abstract's first sentences.
                let oneLine = paper.aiSummary.map { "Hugging Face summary: " + $0 }
                let summary = Self.summary(paper.abstract ?? "")
                let code = paper.codeRepository.map { "Code: " + $0 + (paper.codeStars.map { " (★ \($0))" } ?? "") }
                text += ["* \(paper.title)", "  \(facts.joined(separator: " · "))", "  \(link)"]
                if let code { text += ["  \(code)"] }
                if let oneLine { text += ["  \(oneLine)"] }
                if !summary.isEmpty { text += ["  \(summary)"] }
                text.append("")
                // Stored code links are http(s) URLs (`PaperDraft.webURL`), never a script.
                let codeHTML = paper.codeRepository.map { url in
                    "<div style=\"font-size:13px;margin:4px 0;\"><a href=\"\(XMLText.escaped(url))\" style=\"color:#1a4d8f;\">code</a>"
                        + (paper.codeStars.map { " ★ \($0)" } ?? "") + "</div>"
                } ?? ""
                let oneLineHTML = oneLine.map { "<div style=\"font-size:14px;line-height:1.45;margin:0 0 4px 0;\">\(XMLText.escaped($0))</div>" } ?? ""
                html += """
                    <div style="margin:0 0 16px 0;padding:12px 14px;background:#ffffff;border:1px solid #e2e2dc;border-radius:6px;">
                    <a href="\(XMLText.escaped(link))" style="font-size:16px;color:#1a4d8f;text-decoration:none;font-weight:bold;">\(XMLText.escaped(paper.title))</a>
                    <div style="font-size:13px;color:#5a5a55;margin:4px 0;">\(XMLText.escaped(facts.joined(separator: " · ")))</div>
                    \(codeHTML)\(oneLineHTML)<div style="font-size:14px;line-height:1.45;">\(XMLText.escaped(summary))</div>
                    </div>

                    """
            }
        }
        text += ["--", "Change topics or frequency, or pause: \(links.manage)", "Unsubscribe with one click: \(links.unsubscribe)"]
        html += """
            <p style="font-size:12px;color:#5a5a55;margin-top:28px;border-top:1px solid #e2e2dc;padding-top:12px;">
            You get this because you subscribed at <a href="\(XMLText.escaped(links.site))/" style="color:#5a5a55;">Paperboy</a>.
            <a href="\(XMLText.escaped(links.manage))" style="color:#5a5a55;">Change topics or frequency</a> ·
            <a href="\(XMLText.escaped(links.unsubscribe))" style="color:#5a5a55;">Unsubscribe</a></p>
            </div></body></html>
            """
        return Content(subject: subject, text: text.joined(separator: "\n"), html: html)
    }

    /// The confirmation request. It goes to an address nobody has confirmed yet, so it holds
    /// no text the requester chose (their topics wait for the manage page): the form cannot
    /// be used to mail strangers a message of someone else's writing.
    public static func confirmation(confirm: String, site: String, frequency: Subscription.Frequency) -> Content {
        let subject = "Confirm your Paperboy subscription"
        let text = """
            Someone, probably you, asked for a \(frequency.rawValue) Paperboy digest at this address.

            Confirm with this link (valid for 7 days):
            \(confirm)

            If it was not you, ignore this email: nothing will be sent.
            """
        let html = """
            <!DOCTYPE html><html><head><meta charset="utf-8"><title>\(subject)</title></head>
            <body style="margin:0;padding:0;background:#f6f6f4;">
            <div style="max-width:560px;margin:0 auto;padding:24px 16px;font-family:Georgia,'Times New Roman',serif;color:#1d1d1b;">
            <h1 style="font-size:20px;">Confirm your Paperboy subscription</h1>
            <p style="font-size:15px;">Someone, probably you, asked for a \(frequency.rawValue) Paperboy digest at this address.</p>
            <p><a href="\(XMLText.escaped(confirm))" style="display:inline-block;padding:10px 18px;background:#8a3b12;color:#ffffff;text-decoration:none;border-radius:4px;">Confirm subscription</a></p>
            <p style="font-size:13px;color:#5a5a55;">The link is valid for 7 days. If it was not you, ignore this email: nothing will be sent. <a href="\(XMLText.escaped(site))/" style="color:#5a5a55;">Paperboy</a></p>
            </div></body></html>
            """
        return Content(subject: subject, text: text, html: html)
    }

    /// The abstract's first sentences, up to about 300 characters.
    static func summary(_ abstract: String) -> String {
        let flat = abstract.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        guard flat.count > 300 else { return flat }
        let cut = flat.prefix(300)
        if let end = cut.lastIndex(of: "."), cut.distance(from: cut.startIndex, to: end) > 120 { return String(cut[...end]) }
        return String(cut.prefix(upTo: cut.lastIndex(of: " ") ?? cut.endIndex)) + " …"
    }
}
