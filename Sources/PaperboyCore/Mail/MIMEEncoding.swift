import Foundation

/// The encodings a mail message needs: RFC 2047 encoded words for headers, quoted-printable
/// bodies (RFC 2045) and the RFC 5322 date.
public enum MIMEEncoding {
    /// A header value that is plain ASCII as it is; otherwise UTF-8 "B" encoded words of at
    /// most 75 characters each, folded onto continuation lines, never splitting a code point
    /// (RFC 2047 section 5). Splits on scalars: one `Character` can be any number of bytes
    /// ("a" and a thousand combining marks), which would make a word of any length.
    public static func headerValue(_ text: String) -> String {
        if text.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 32 && $0.value != 127 }) { return text }
        var words: [String] = []
        var chunk: [UInt8] = []
        for scalar in text.unicodeScalars {
            let bytes = Array(String(scalar).utf8)
            // 39 bytes make 52 base64 characters; with "=?UTF-8?B?" and "?=" a word is 64,
            // so even after "Subject: " a line stays within 78 characters.
            if chunk.count + bytes.count > 39 {
                words.append(encodedWord(chunk))
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append(encodedWord(chunk)) }
        return words.joined(separator: "\r\n ")
    }

    /// False for the scalars no header may hold, even encoded: controls (CR and LF
    /// included), NEL and the Unicode line and paragraph separators, which some clients
    /// treat as line ends.
    public static func isHeaderSafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0..<0x20, 0x7F...0x9F, 0x2028, 0x2029: false
        default: true
        }
    }

    private static func encodedWord(_ bytes: [UInt8]) -> String { "=?UTF-8?B?\(Data(bytes).base64EncodedString())?=" }

    /// Quoted-printable with CRLF line ends and soft breaks keeping lines within 76 characters.
    public static func quotedPrintable(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var output: [UInt8] = []
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        for (index, line) in lines.enumerated() {
            var length = 0
            let bytes = Array(line.utf8)
            for (i, byte) in bytes.enumerated() {
                let isLast = i == bytes.count - 1
                var encoded: [UInt8]
                if (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "=")) || ((byte == 32 || byte == 9) && !isLast) {
                    encoded = [byte]
                } else {
                    encoded = [UInt8(ascii: "="), hex[Int(byte >> 4)], hex[Int(byte & 15)]]
                }
                // A dot opening a line is escaped too, so no relay ever mistakes it.
                if length == 0 && byte == UInt8(ascii: ".") { encoded = Array("=2E".utf8) }
                if length + encoded.count > 75 {
                    output += Array("=\r\n".utf8)
                    length = 0
                    if byte == UInt8(ascii: ".") { encoded = Array("=2E".utf8) }
                }
                output += encoded
                length += encoded.count
            }
            if index < lines.count - 1 { output += [13, 10] }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// "Sun, 29 Nov 2026 19:20:00 +0000".
    public static func date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }
}
