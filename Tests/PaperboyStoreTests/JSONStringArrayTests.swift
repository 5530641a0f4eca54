import Foundation
import PaperboyCore
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
