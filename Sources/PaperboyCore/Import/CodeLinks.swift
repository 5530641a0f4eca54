/// Finds links to a paper's code in its own text (arXiv comments, the abstract): GitHub,
/// GitLab and Hugging Face URLs, written with or without `https://` or `www.`, cleaned of
/// what the text around them adds (a sentence's full stop, LaTeX's `\url{...}` braces,
/// `.git`). About one abstract in eight of the demo corpus links to GitHub.
///
/// Works on UTF-8 bytes: a URL is ASCII, and anything else ends it. Every imported record
/// goes through it, so the scan allocates nothing until a host matches: only a `g`, `h` or
/// `w` (any case) can start one.
public enum CodeLinks {
    /// Hosts whose links count as code, with the `/` that must follow, in bytes.
    static let hosts: [(name: String, bytes: [UInt8])] = ["github.com", "gitlab.com", "huggingface.co"].map { ($0, Array(($0 + "/").utf8)) }
    static let www = Array("www.".utf8)

    /// Every code link in `text`, in order, without repeats, as `https://host/path`.
    public static func find(in text: String) -> [String] {
        var text = text
        return text.withUTF8 { find(in: $0) }
    }

    static func find(in bytes: UnsafeBufferPointer<UInt8>) -> [String] {
        var found: [String] = []
        var i = 0
        while i < bytes.count {
            let first = bytes[i] | 0x20
            guard first == UInt8(ascii: "g") || first == UInt8(ascii: "h") || first == UInt8(ascii: "w") else {
                i += 1
                continue
            }
            if let (host, pathStart) = host(at: i, in: bytes), let link = link(host: host, from: pathStart, in: bytes) {
                if !found.contains(link.url) { found.append(link.url) }
                i = link.end
            } else {
                i += 1
            }
        }
        return found
    }

    /// The link a paper's code is: the first GitHub or GitLab link, else the first Hugging Face one.
    public static func primary(in texts: [String?]) -> String? {
        let links = texts.compactMap { $0 }.flatMap(find)
        return links.first { !$0.hasPrefix("https://huggingface.co/") } ?? links.first
    }

    /// The host starting at `i` (after nothing that would make it part of a longer name),
    /// and where its path starts (after the `/`).
    private static func host(at i: Int, in bytes: UnsafeBufferPointer<UInt8>) -> (String, Int)? {
        var start = i
        if matches(www, at: start, in: bytes) { start += www.count }
        for host in hosts where matches(host.bytes, at: start, in: bytes) {
            // `notgithub.com/` or `sub.github.com/` is another site.
            if i > 0, isHostByte(bytes[i - 1]) { return nil }
            return (host.name, start + host.bytes.count)
        }
        return nil
    }

    private static let dotGit = Array(".git".utf8)

    private static func link(host: String, from start: Int, in bytes: UnsafeBufferPointer<UInt8>) -> (url: String, end: Int)? {
        var end = start
        while end < bytes.count, isPathByte(bytes[end]) { end += 1 }
        var path = bytes[start..<end]
        // What the sentence or markup adds at the end: a full stop, `.git`, a trailing slash
        // before either.
        while true {
            if let last = path.last, ".,:;!?'*".utf8.contains(last) {
                path = path.dropLast()
            } else if path.count > 4, matches(dotGit, at: path.endIndex - 4, in: bytes) {
                path = path.dropLast(4)
            } else {
                break
            }
        }
        guard !path.isEmpty, path.first != UInt8(ascii: "/") else { return nil }
        let text = String(decoding: path, as: UTF8.self)
        // A Hugging Face paper page is the paper itself, not its code.
        if host == "huggingface.co", text.hasPrefix("papers") { return nil }
        let url = "https://\(host)/\(text)"
        guard url.utf8.count <= PaperDraft.Limits.url else { return nil }
        return (url, end)
    }

    private static func matches(_ word: [UInt8], at i: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard i >= 0, i + word.count <= bytes.count else { return false }
        for (k, byte) in word.enumerated() where lowercased(bytes[i + k]) != byte { return false }
        return true
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
    }

    private static func isHostByte(_ byte: UInt8) -> Bool {
        isAlphanumeric(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "@")
            || byte == UInt8(ascii: "_")
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    /// What a repository path is made of; brackets, quotes, commas, `\` and anything past ASCII end it.
    private static func isPathByte(_ byte: UInt8) -> Bool {
        isAlphanumeric(byte) || "-._~/%+=&?#:@!*".utf8.contains(byte)
    }
}
