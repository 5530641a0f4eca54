import Foundation

/// Where a paper lives outside Paperboy.
public struct PaperLinks: Encodable, Hashable, Sendable {
    public var abstract: String?
    public var pdf: String?
    /// The paper's page and discussion on Hugging Face, for a paper listed there.
    public var huggingFace: String?

    public init(_ id: PaperID) {
        if id.isArxiv {
            abstract = "https://arxiv.org/abs/\(id.rawValue)"
            pdf = "https://arxiv.org/pdf/\(id.rawValue)"
        }
    }

    public init(_ paper: Paper) {
        self.init(paper.id)
        if paper.id.isArxiv, paper.upvotes != nil || paper.discussionComments != nil {
            huggingFace = "https://huggingface.co/papers/\(paper.id.rawValue)"
        }
    }

    /// The path of a paper's page on Paperboy: with `abstract` and `pdf` (arXiv's own pages,
    /// for arXiv ids), the one link builder of pages, feeds, emails, BibTeX and the CLI.
    /// Old-style ids (`hep-th/9901001`) keep their slash as `%2F`, so every id is one
    /// path segment. Ids hold only letters, digits, `.`, `-` and `/` (`PaperID.parse`), so
    /// `/` is the one character to encode; anything else is encoded too, to be safe.
    public static func pagePath(_ id: PaperID) -> String {
        var path = "/papers/"
        for byte in id.rawValue.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "_"):
                path.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                path += "%" + String(byte >> 4, radix: 16, uppercase: true) + String(byte & 15, radix: 16, uppercase: true)
            }
        }
        return path
    }

    enum CodingKeys: String, CodingKey { case abstract, pdf, huggingFace = "huggingface" }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(abstract, forKey: .abstract)
        try c.encode(pdf, forKey: .pdf)
        try c.encode(huggingFace, forKey: .huggingFace)
    }
}
