/// The character rules of SQLite FTS5's `unicode61` tokenizer with its default categories
/// (`L* N* Co`) and `remove_diacritics 2`: which code points make up tokens and what each
/// becomes in the index. A transcription of fts5_unicode2.c (tables in
/// `Unicode61+Tables.swift`), step for step, so that the text index tokenizes exactly as
/// the SQLite store's index does; its quirks are kept on purpose (see `isTokenCharacter`).
enum Unicode61 {
    /// The category numbers FTS5 gives letters (`L*`), numbers (`N*`) and private-use
    /// characters (`Co`), plus 0, which its category parser always switches on: the table
    /// answers 0 for code points it leaves unassigned (it predates many scripts and emoji),
    /// so those are token characters too.
    private static let isTokenCategory: [Bool] = (0..<32).map { [0, 5, 6, 7, 8, 9, 30, 13, 14, 15, 31].contains($0) }

    /// True when `c` belongs to a token. In ASCII that is the letters and digits (what the
    /// table says, read once by FTS5 as `sqlite3Fts5UnicodeAscii`); NUL never is.
    static func isTokenCharacter(_ c: UInt32) -> Bool {
        if c < 128 {
            return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)
        }
        return isTokenCategory[category(c)]
    }

    /// Combining diacritics (in U+0300...U+0331) that continue a token but cannot start one.
    static func isDiacritic(_ c: UInt32) -> Bool {
        guard c >= 768, c <= 817 else { return false }
        let mask0: UInt32 = 0x0802_9FDF, mask1: UInt32 = 0x0003_61F8
        return c < 768 + 32 ? mask0 & (1 << (c - 768)) != 0 : mask1 & (1 << (c - 768 - 32)) != 0
    }

    /// `sqlite3Fts5UnicodeCategory`: a code point's category number (see `isTokenCategory`).
    static func category(_ c: UInt32) -> Int {
        guard c < 1 << 20 else { return 0 }
        var low = categoryBlocks[Int(c >> 16)]
        var high = categoryBlocks[1 + Int(c >> 16)]
        let key = Int(c & 0xFFFF)
        var found = -1
        while high > low {
            let middle = (high + low) / 2
            if key >= Int(categoryMap[middle]) {
                found = middle
                low = middle + 1
            } else {
                high = middle
            }
        }
        guard found >= 0, key < Int(categoryMap[found]) + Int(categoryData[found] >> 5) else { return 0 }
        let category = Int(categoryData[found] & 0x1F)
        if category != 30 { return category }
        // 30 marks alternating upper- and lower-case letters: Lu (9) then Ll (5).
        return (key - Int(categoryMap[found])) & 1 == 1 ? 5 : 9
    }

    /// `sqlite3Fts5UnicodeFold` with `remove_diacritics 2`: the code point lower-cased and,
    /// in the Basic Multilingual Plane, stripped of its diacritics. 0 means the code point
    /// is dropped from the token (a combining mark).
    static func fold(_ c: UInt32) -> UInt32 {
        if c < 128 {
            return c >= 65 && c <= 90 ? c + 32 : c
        }
        if c < 65536 {
            let code = Int(c)
            var low = 0, high = foldRanges.count - 1, found = -1
            while high >= low {
                let middle = (high + low) / 2
                if code - foldRanges[middle].first >= 0 {
                    found = middle
                    low = middle + 1
                } else {
                    high = middle - 1
                }
            }
            var folded = code
            let range = foldRanges[found]
            if code < range.first + range.count && 0 == (0x01 & range.flags & (range.first ^ code)) {
                folded = (code + foldOffsets[range.flags >> 1]) & 0xFFFF
            }
            return UInt32(removingDiacritic(folded))
        }
        // Deseret, the only folding FTS5 knows outside the BMP.
        if c >= 66560 && c < 66600 { return c + 40 }
        return c
    }

    /// `fts5_remove_diacritic` in its complex mode: a lower-case Latin letter with one or
    /// two diacritics becomes the bare ASCII letter; a combining mark becomes 0.
    private static func removingDiacritic(_ c: Int) -> Int {
        let key = (c << 3) | 7
        var low = 0, high = diacriticRanges.count - 1, found = 0
        while high >= low {
            let middle = (high + low) / 2
            if key >= diacriticRanges[middle] {
                found = middle
                low = middle + 1
            } else {
                high = middle - 1
            }
        }
        let range = diacriticRanges[found]
        guard c <= (range >> 3) + (range & 0x07) else { return c }
        return Int(diacriticBases[found].letter.unicodeScalars.first?.value ?? 0)
    }
}
