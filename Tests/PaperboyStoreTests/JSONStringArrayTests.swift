import Foundation
@testable import PaperboyCore
@testable import PaperboySQLite
import PaperboyTestSupport
import Testing

/// The JSON text written by hand (`JSONText`, every API response) and the string arrays the
/// SQLite store keeps in JSON (`JSONStringArray`), on hostile text: both fast paths (text
/// with nothing to escape is copied whole) and the escaping paths, checked with a real parser.
@Suite struct JSONStringArrayTests {
    static func hostileArrays() -> [[String]] {
        var text = HostileText(seed: HostileText.seed)
        var arrays: [[String]] = [[], [""], ["plain", "Müller 東京 👩‍🔬"], ["a\"b", "c\\d", "\u{0}\u{1F}\u{7F}"], ["\"\u{338}", "\\\u{301}"]]
        for _ in 0..<2_000 {
            arrays.append((0..<Int(text.next() % 5)).map { _ in
                // Half plain (the fast path), half hostile.
                text.next() % 2 == 0 ? ["Ada Lovelace", "Jürgen Schmidhuber", "李 华", "O'Brien", ""][Int(text.next() % 5)] : text.text(maxPieces: 8)
            })
        }
        return arrays
    }

    @Test func writtenStringsParseBackAsTheyWere() throws {
        for strings in Self.hostileArrays() {
            var out = ""
            JSONText.appendStrings(strings, to: &out)
            let parsed = try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String]
            #expect(parsed == strings, "\(out)")
            #expect(!out.unicodeScalars.contains { $0.value < 0x20 }, "a raw control in \(out)")
            // Written as bytes (an API response): the same text.
            var bytes: [UInt8] = []
            JSONText.appendStrings(strings, to: &bytes)
            #expect(bytes == Array(out.utf8))
        }
    }

    /// The scan for bytes to escape, eight at a time, finds what a byte-at-a-time scan finds:
    /// seeded random bytes (specials, bytes next to them, multi-byte scalars' bytes) at every
    /// start, length and alignment.
    @Test func theWordAtATimeScanFindsWhatAByteScanFinds() {
        var random = SeededRandom(seed: 21)
        let alphabet: [UInt8] = [0x00, 0x01, 0x1F, 0x20, 0x21, 0x22, 0x23, 0x5B, 0x5C, 0x5D, 0x41, 0x7F, 0x80, 0x9F, 0xA2, 0xDC, 0xE2, 0xFF]
        var checked = 0
        for _ in 0..<3_000 {
            let count = Int.random(in: 0...40, using: &random)
            // Mostly plain letters, so that runs of eight or more without a special occur.
            let bytes = (0..<count).map { _ in Int.random(in: 0..<4, using: &random) == 0 ? alphabet.randomElement(using: &random)! : UInt8(ascii: "a") }
            bytes.withUnsafeBufferPointer { buffer in
                for from in 0...count {
                    let expected = (from..<count).first { buffer[$0] == 0x22 || buffer[$0] == 0x5C || buffer[$0] < 0x20 } ?? count
                    #expect(JSONText.firstSpecial(in: buffer, from: from) == expected, "\(bytes) from \(from)")
                    checked += 1
                }
            }
        }
        #expect(checked > 50_000)
    }

    @Test func storedArraysRoundTripAndReadWhatAParserWrites() throws {
        for strings in Self.hostileArrays() {
            #expect(JSONStringArray.decode(JSONStringArray.encode(strings)) == strings)
            // Another writer's escapes (\/, \u00XX, surrogate pairs) read the same.
            let foreign = String(decoding: try JSONSerialization.data(withJSONObject: strings), as: UTF8.self)
            #expect(JSONStringArray.decode(foreign) == strings, "\(foreign)")
        }
        #expect(JSONStringArray.decode(#"["a\ud83d\ude00b", "x"]"#) == ["a😀b", "x"])
        #expect(JSONStringArray.decode(#"[ "a" , "b\"c" ,"d"]"#) == ["a", "b\"c", "d"])
        // Damage keeps what was read before it.
        #expect(JSONStringArray.decode(#"["a", "b"#) == ["a"])
        #expect(JSONStringArray.decode(#"["a", "b\"#) == ["a"])
        #expect(JSONStringArray.decode("not json") == [])
    }
}
