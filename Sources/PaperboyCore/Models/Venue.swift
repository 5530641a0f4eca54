/// Where a paper was published or accepted, as a reader scanning a list wants to see it:
/// its journal reference, or else the conference its arXiv comments name ("Accepted at
/// NeurIPS 2025 (spotlight)" is "NeurIPS 2025"). Comments are free text, so only well-known
/// venue names count, as whole words, and only with a year or a word that says the paper
/// was accepted there; a comment that merely mentions a conference names no venue.
public enum Venue {
    /// Conference and journal names researchers write in comments, with the name to show.
    static let names: [(written: String, shown: String)] = [
        ("NeurIPS", "NeurIPS"), ("NIPS", "NeurIPS"), ("ICML", "ICML"), ("ICLR", "ICLR"), ("CVPR", "CVPR"), ("ICCV", "ICCV"),
        ("ECCV", "ECCV"), ("WACV", "WACV"), ("BMVC", "BMVC"), ("3DV", "3DV"), ("ACL", "ACL"), ("EMNLP", "EMNLP"),
        ("NAACL", "NAACL"), ("EACL", "EACL"), ("COLING", "COLING"), ("COLM", "COLM"), ("LREC", "LREC"), ("AAAI", "AAAI"),
        ("IJCAI", "IJCAI"), ("AISTATS", "AISTATS"), ("UAI", "UAI"), ("COLT", "COLT"), ("KDD", "KDD"), ("SIGIR", "SIGIR"),
        ("WSDM", "WSDM"), ("CIKM", "CIKM"), ("RecSys", "RecSys"), ("WWW", "WWW"), ("CHI", "CHI"), ("UIST", "UIST"),
        ("SIGGRAPH Asia", "SIGGRAPH Asia"), ("SIGGRAPH", "SIGGRAPH"), ("ICRA", "ICRA"), ("IROS", "IROS"), ("CoRL", "CoRL"),
        ("RSS", "RSS"), ("MICCAI", "MICCAI"), ("ISBI", "ISBI"), ("ICASSP", "ICASSP"), ("Interspeech", "Interspeech"),
        ("INTERSPEECH", "Interspeech"), ("ACM MM", "ACM MM"), ("ICME", "ICME"), ("MLSys", "MLSys"), ("TMLR", "TMLR"),
        ("JMLR", "JMLR"), ("TPAMI", "TPAMI"), ("IJCV", "IJCV"), ("VLDB", "VLDB"), ("SIGMOD", "SIGMOD"), ("ICDE", "ICDE"),
    ]
    /// `names`, written as bytes once (every stored paper with comments is looked at).
    static let writtenBytes: [[UInt8]] = names.map { Array($0.written.utf8) }

    /// Words that say the comments announce where the paper went.
    static let signals = ["accepted", "accept", "to appear", "appear in", "published", "camera-ready", "camera ready",
                          "oral", "spotlight", "poster", "main conference", "main track", "findings", "proceedings"]

    /// The venue to show for a paper, or nil.
    public static func named(journalRef: String?, comments: String?) -> String? {
        if let journalRef, !journalRef.isEmpty { return journalRef }
        guard let comments else { return nil }
        return inComments(comments)
    }

    /// The first well-known venue the comments name with a year (`NeurIPS 2025`, `CVPR'24`)
    /// or beside a word of acceptance.
    static func inComments(_ comments: String) -> String? {
        let bytes = Array(comments.utf8)
        let lowered = comments.lowercased()
        let signalled = signals.contains { lowered.contains($0) }
        var best: (at: Int, venue: String)?
        for ((_, shown), written) in zip(names, writtenBytes) {
            var from = 0
            while let at = find(written, in: bytes, from: from) {
                from = at + 1
                let end = at + written.count
                guard isBoundary(bytes, at - 1), isBoundary(bytes, end) || bytes[end] == 0xE2 else { continue }
                let year = self.year(after: end, in: bytes)
                guard year != nil || signalled else { continue }
                var venue = shown + (year.map { " \($0)" } ?? "")
                let following = String(decoding: bytes[end..<min(bytes.count, end + 24)], as: UTF8.self).lowercased()
                if following.contains("workshop") { venue += " Workshop" }
                let preceding = String(decoding: bytes[max(0, at - 12)..<at], as: UTF8.self).lowercased()
                if preceding.contains("findings") { venue = "Findings of " + venue }
                if best == nil || at < best!.at { best = (at, venue) }
                break
            }
        }
        return best?.venue
    }

    /// `2025`, ` 2025`, `'25` or `-2025` right after a name, as a four-digit year.
    private static func year(after end: Int, in bytes: [UInt8]) -> Int? {
        var i = end
        let isDigit = { (b: UInt8) in (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b) }
        if i < bytes.count, bytes[i] == UInt8(ascii: "'") || bytes[i] == 0xE2 {
            // 'YY, or ’YY (U+2019 is E2 80 99 in UTF-8).
            i += bytes[i] == UInt8(ascii: "'") ? 1 : 3
            guard i + 2 <= bytes.count, isDigit(bytes[i]), isDigit(bytes[i + 1]), isBoundary(bytes, i + 2) else { return nil }
            return 2000 + Int(bytes[i] - 48) * 10 + Int(bytes[i + 1] - 48)
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: " ") || bytes[i] == UInt8(ascii: "-") { i += 1 }
        guard i + 4 <= bytes.count, bytes[i..<i + 4].allSatisfy(isDigit), isBoundary(bytes, i + 4) else { return nil }
        let year = bytes[i..<i + 4].reduce(0) { $0 * 10 + Int($1 - 48) }
        return (1980...2100).contains(year) ? year : nil
    }

    /// Whether the byte at `i` (or the text's edge) ends a word.
    private static func isBoundary(_ bytes: [UInt8], _ i: Int) -> Bool {
        guard i >= 0, i < bytes.count else { return true }
        let b = bytes[i]
        return !((UInt8(ascii: "a")...UInt8(ascii: "z")).contains(b) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(b)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b) || b == UInt8(ascii: "_") || b >= 0x80)
    }

    private static func find(_ needle: [UInt8], in bytes: [UInt8], from: Int) -> Int? {
        guard needle.count <= bytes.count else { return nil }
        var i = from
        while i + needle.count <= bytes.count {
            if bytes[i] == needle[0], bytes[i..<i + needle.count].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }
}

extension Paper {
    /// Where the paper appeared (see `Venue`).
    public var venue: String? { Venue.named(journalRef: journalRef, comments: comments) }
}
