extension Unicode61 {
    /// Walks `utf8` (valid UTF-8) as `unicode61` cuts it into tokens: each token's folded bytes
    /// are gathered in `word`, then `tokenEnded` gets them with the token's UTF-8 range, and
    /// `word` is emptied for the next. ASCII goes through a table; longer characters are decoded
    /// in place and take the general rules. The one walk both tokenizers share.
    @inline(__always)
    static func scanTokens(_ utf8: UnsafeBufferPointer<UInt8>, word: inout [UInt8],
                           tokenEnded: (inout [UInt8], Range<Int>) -> Void) {
        var start: Int?
        var end = 0
        var i = 0
        let count = utf8.count
        func finish() {
            if let first = start { tokenEnded(&word, first..<end) }
            start = nil
            word.removeAll(keepingCapacity: true)
        }
        while i < count {
            let lead = utf8[i]
            if lead < 0x80 {
                // ASCII: letters and digits are token characters; upper case folds down.
                let kind = asciiKinds[Int(lead)]
                if kind == 0 {
                    finish()
                } else {
                    if start == nil { start = i }
                    word.append(kind)
                    end = i + 1
                }
                i += 1
                continue
            }
            let width = lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
            var value = UInt32(lead) & (width == 2 ? 0x1F : width == 3 ? 0x0F : 0x07)
            for k in 1..<width { value = value << 6 | UInt32(utf8[i + k] & 0x3F) }
            let offset = i
            i += width
            // How FTS5 reads a code point (`READ_UTF8`): U+FFFE and U+FFFF come out as U+FFFD.
            let c = value & 0xFFFF_FFFE == 0xFFFE ? 0xFFFD : value
            if start == nil {
                // Between tokens only a token character starts one; diacritics are skipped.
                guard isTokenCharacter(c) else { continue }
                start = offset
            } else if !(isTokenCharacter(c) || isDiacritic(c)) {
                finish()
                continue
            }
            let folded = fold(c)
            if folded != 0, let scalar = Unicode.Scalar(folded) {
                UTF8.encode(scalar) { word.append($0) }
            }
            end = i
        }
        finish()
    }

    /// Per ASCII byte: 0 for a separator, else the byte it folds to (letters and digits).
    static let asciiKinds: [UInt8] = (0..<128).map { b in
        let c = UInt32(b)
        return isTokenCharacter(c) ? UInt8(fold(c)) : 0
    }
}
