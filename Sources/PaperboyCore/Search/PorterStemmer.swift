/// The Porter stemmer as SQLite FTS5's `porter` tokenizer runs it (fts5_tokenize.c), so
/// that a word stems here exactly as it does in the SQLite store's index.
///
/// That is Martin Porter's algorithm in the revised form of his own C implementation:
/// step 2 also maps `logi` to `log` and `bli` (not `abli`) to `ble`. It works on the bytes
/// of a token that `unicode61` has already lower-cased: only the ASCII vowels count as
/// vowels (`y` after a consonant too), any other byte is a consonant, and tokens under 3 or
/// over 64 bytes pass through unchanged. Like FTS5 it may cut a multi-byte character whose
/// last two bytes are equal ("double consonant" in step 1b), which is why stems are bytes.
public enum PorterStemmer {
    /// Tokens longer than this many bytes are not stemmed (`FTS5_PORTER_MAX_TOKEN`).
    static let maximumLength = 64

    /// The stem of one lower-case token, as text (for tests and reading).
    public static func stem(_ word: String) -> String {
        String(decoding: stem(Array(word.utf8)), as: UTF8.self)
    }

    /// The stem of one token's bytes.
    public static func stem(_ token: [UInt8]) -> [UInt8] {
        guard token.count >= 3, token.count <= maximumLength else { return token }
        var word = token
        step1a(&word)
        if step1b(&word), !apply(step1b2, to: &word) {
            let last = word[word.count - 1]
            if !isVowel(last, yIsVowel: false), last != .l, last != .s, last != .z, word.count >= 2, last == word[word.count - 2] {
                word.removeLast()
            } else if measureIsOne(word, word.count) && endsConsonantVowelConsonant(word, word.count) {
                word.append(.e)
            }
        }
        // Step 1c: a final y after a vowel somewhere becomes i.
        if word[word.count - 1] == .y && containsVowel(word, word.count - 1) {
            word[word.count - 1] = .i
        }
        apply(step2, to: &word)
        apply(step3, to: &word)
        apply(step4, to: &word)
        // Step 5a: a final e goes when what precedes it is long enough.
        if word[word.count - 1] == .e {
            let stem = word.count - 1
            if measureIsGreaterThanOne(word, stem) || (measureIsOne(word, stem) && !endsConsonantVowelConsonant(word, stem)) {
                word.removeLast()
            }
        }
        // Step 5b: a final double l becomes single in a long word.
        if word.count > 1 && word[word.count - 1] == .l && word[word.count - 2] == .l && measureIsGreaterThanOne(word, word.count - 1) {
            word.removeLast()
        }
        return word
    }

    /// Step 1a: plurals (`sses` → `ss`, `ies` → `i`, `s` → ``).
    private static func step1a(_ word: inout [UInt8]) {
        let n = word.count
        guard word[n - 1] == .s else { return }
        if word[n - 2] == .e {
            if (n > 4 && word[n - 4] == .s && word[n - 3] == .s) || (n > 3 && word[n - 3] == .i) {
                word.removeLast(2)
            } else {
                word.removeLast()
            }
        } else if word[n - 2] != .s {
            word.removeLast()
        }
    }

    /// Step 1b: `eed` → `ee` when the stem has a measure; `ed` and `ing` go when the stem has
    /// a vowel. True when `ed` or `ing` went, which calls for the step's clean-up.
    private static func step1b(_ word: inout [UInt8]) -> Bool {
        let n = word.count
        if n > 3 && hasSuffix(word, "eed") {
            if measureIsGreaterThanZero(word, n - 3) { word.removeLast() }
            return false
        }
        if n > 2 && hasSuffix(word, "ed") {
            guard containsVowel(word, n - 2) else { return false }
            word.removeLast(2)
            return true
        }
        if n > 3 && hasSuffix(word, "ing") {
            guard containsVowel(word, n - 3) else { return false }
            word.removeLast(3)
            return true
        }
        return false
    }

    /// One suffix rule: `suffix` becomes `replacement` when `condition` holds for what
    /// precedes it (the stem's length is passed).
    private struct Rule: Sendable {
        let suffix: [UInt8]
        let replacement: [UInt8]
        let condition: @Sendable ([UInt8], Int) -> Bool

        init(suffix: String, replacement: String, condition: @escaping @Sendable ([UInt8], Int) -> Bool) {
            self.suffix = Array(suffix.utf8)
            self.replacement = Array(replacement.utf8)
            self.condition = condition
        }
    }

    private static let step1b2: [Rule] = [
        Rule(suffix: "at", replacement: "ate", condition: always),
        Rule(suffix: "bl", replacement: "ble", condition: always),
        Rule(suffix: "iz", replacement: "ize", condition: always),
    ]

    private static let step2: [Rule] = [
        ("ational", "ate"), ("tional", "tion"), ("enci", "ence"), ("anci", "ance"), ("izer", "ize"), ("logi", "log"),
        ("bli", "ble"), ("alli", "al"), ("entli", "ent"), ("eli", "e"), ("ousli", "ous"), ("ization", "ize"),
        ("ation", "ate"), ("ator", "ate"), ("alism", "al"), ("iveness", "ive"), ("fulness", "ful"), ("ousness", "ous"),
        ("aliti", "al"), ("iviti", "ive"), ("biliti", "ble"),
    ].map { Rule(suffix: $0.0, replacement: $0.1, condition: measureIsGreaterThanZero) }

    private static let step3: [Rule] = [
        ("ical", "ic"), ("ness", ""), ("icate", "ic"), ("iciti", "ic"), ("ful", ""), ("ative", ""), ("alize", "al"),
    ].map { Rule(suffix: $0.0, replacement: $0.1, condition: measureIsGreaterThanZero) }

    private static let step4: [Rule] = [
        "al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent",
    ].map { Rule(suffix: $0, replacement: "", condition: measureIsGreaterThanOne) } + [
        Rule(suffix: "ion", replacement: "", condition: { word, stem in
            (word[stem - 1] == .s || word[stem - 1] == .t) && measureIsGreaterThanOne(word, stem)
        }),
    ] + [
        "ou", "ism", "ate", "iti", "ous", "ive", "ize",
    ].map { Rule(suffix: $0, replacement: "", condition: measureIsGreaterThanOne) }

    /// Applies the first rule whose suffix the word ends with (leaving at least one byte
    /// before it); true when its condition held and the word changed. A matching rule whose
    /// condition fails ends the step: no shorter suffix is tried, as in FTS5, whose rules
    /// that could both match are listed longest first.
    @discardableResult
    private static func apply(_ rules: [Rule], to word: inout [UInt8]) -> Bool {
        for rule in rules where word.count > rule.suffix.count && hasSuffix(word, rule.suffix) {
            let stem = word.count - rule.suffix.count
            guard rule.condition(word, stem) else { return false }
            word.removeLast(rule.suffix.count)
            word.append(contentsOf: rule.replacement)
            return true
        }
        return false
    }

    private static func always(_ word: [UInt8], _ stem: Int) -> Bool { true }

    private static func hasSuffix(_ word: [UInt8], _ suffix: [UInt8]) -> Bool {
        guard word.count >= suffix.count else { return false }
        let start = word.count - suffix.count
        for i in 0..<suffix.count where word[start + i] != suffix[i] { return false }
        return true
    }

    private static func hasSuffix(_ word: [UInt8], _ suffix: String) -> Bool {
        hasSuffix(word, Array(suffix.utf8))
    }

    private static func isVowel(_ c: UInt8, yIsVowel: Bool) -> Bool {
        c == .a || c == .e || c == .i || c == .o || c == .u || (yIsVowel && c == .y)
    }

    /// Walks `word[start..<end]` past a vowel and then a consonant (`fts5PorterGobbleVC`):
    /// how many bytes that took, or 0 when there is no such pair. `previousIsConsonant` says
    /// how to read a leading `y`.
    private static func gobbleVowelConsonant(_ word: [UInt8], _ start: Int, _ end: Int, previousIsConsonant: Bool) -> Int {
        var isConsonant = previousIsConsonant
        var i = start
        while i < end {
            isConsonant = !isVowel(word[i], yIsVowel: isConsonant)
            if !isConsonant { break }
            i += 1
        }
        i += 1
        while i < end {
            isConsonant = !isVowel(word[i], yIsVowel: isConsonant)
            if isConsonant { return i + 1 - start }
            i += 1
        }
        return 0
    }

    /// m > 0 for `word[0..<stem]`: it holds a vowel followed by a consonant.
    private static func measureIsGreaterThanZero(_ word: [UInt8], _ stem: Int) -> Bool {
        gobbleVowelConsonant(word, 0, stem, previousIsConsonant: false) != 0
    }

    /// m > 1: two vowel-consonant sequences.
    private static func measureIsGreaterThanOne(_ word: [UInt8], _ stem: Int) -> Bool {
        let first = gobbleVowelConsonant(word, 0, stem, previousIsConsonant: false)
        return first != 0 && gobbleVowelConsonant(word, first, stem, previousIsConsonant: true) != 0
    }

    /// m = 1: exactly one vowel-consonant sequence.
    private static func measureIsOne(_ word: [UInt8], _ stem: Int) -> Bool {
        let first = gobbleVowelConsonant(word, 0, stem, previousIsConsonant: false)
        return first != 0 && gobbleVowelConsonant(word, first, stem, previousIsConsonant: true) == 0
    }

    /// *o: the stem ends consonant-vowel-consonant, the last not w, x or y.
    private static func endsConsonantVowelConsonant(_ word: [UInt8], _ stem: Int) -> Bool {
        guard stem > 0 else { return false }
        let last = word[stem - 1]
        if last == .w || last == .x || last == .y { return false }
        var mask = 0
        var isConsonant = false
        for i in 0..<stem {
            isConsonant = !isVowel(word[i], yIsVowel: isConsonant)
            mask = (mask << 1) + (isConsonant ? 1 : 0)
        }
        return mask & 0x07 == 0x05
    }

    /// *v*: the stem holds a vowel (FTS5 counts `y` as one anywhere but first).
    private static func containsVowel(_ word: [UInt8], _ stem: Int) -> Bool {
        (0..<stem).contains { isVowel(word[$0], yIsVowel: $0 > 0) }
    }
}

private extension UInt8 {
    static let a = UInt8(ascii: "a"), e = UInt8(ascii: "e"), i = UInt8(ascii: "i"), o = UInt8(ascii: "o")
    static let u = UInt8(ascii: "u"), y = UInt8(ascii: "y"), l = UInt8(ascii: "l"), s = UInt8(ascii: "s")
    static let t = UInt8(ascii: "t"), w = UInt8(ascii: "w"), x = UInt8(ascii: "x"), z = UInt8(ascii: "z")
}
