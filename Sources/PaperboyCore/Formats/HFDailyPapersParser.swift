import Foundation

/// Parses a Hugging Face `/api/daily_papers` response: a JSON array of
/// `{paper: {id, title, summary, authors: [{name}], publishedAt, upvotes, ...}, publishedAt, ...}`.
/// The field set has grown over the years, so every field is optional and read by name;
/// a wrapped response (`{"data": [...]}`) is unwrapped, and entries that are not objects
/// (some archived days hold Python reprs) are reported and skipped.
public enum HFDailyPapersParser {
    /// A response that is not daily-papers JSON at all (a broken download, another document).
    public struct Malformed: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// Every record of a file; a file that is not daily-papers JSON is one invalid record.
    public static func parse(_ bytes: [UInt8], source: String) -> [ParsedRecord] {
        do {
            return try parsePage(bytes, source: source)
        } catch {
            return [.invalid(RecordIssue(.record(1), .malformed(error.description)))]
        }
    }

    /// Every record of a response, or `Malformed` when the response as a whole is not one
    /// (so a fetcher can fetch it again instead of importing nothing).
    public static func parsePage(_ bytes: [UInt8], source: String) throws(Malformed) -> [ParsedRecord] {
        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
        } catch {
            throw Malformed(description: "not valid JSON")
        }
        let entries: [Any]
        if let array = json as? [Any] {
            entries = array
        } else if let object = json as? [String: Any], let data = object["data"] as? [Any] {
            entries = data
        } else if let object = json as? [String: Any], object["paper"] != nil {
            entries = [object]
        } else {
            throw Malformed(description: "expected a JSON array of daily papers")
        }
        return entries.enumerated().map { index, entry in
            let location = RecordLocation.record(index + 1)
            guard let entry = entry as? [String: Any] else {
                return .invalid(RecordIssue(location, .malformed("entry is not a JSON object")))
            }
            return ParsedRecord(draft(entry, source: source), at: location)
        }
    }

    static func draft(_ entry: [String: Any], source: String) -> PaperDraft {
        let paper = entry["paper"] as? [String: Any] ?? entry
        var d = PaperDraft()
        d.id = string(paper["id"])
        d.title = string(paper["title"]) ?? string(entry["title"])
        d.abstract = string(paper["summary"]) ?? string(entry["summary"])
        d.authors = (paper["authors"] as? [Any] ?? []).compactMap { author in
            if let author = author as? [String: Any] {
                if author["hidden"] as? Bool == true { return nil }
                return string(author["name"])
            }
            return string(author)
        }
        d.published = string(paper["publishedAt"])
        // The day the paper was listed: the entry's date, else when it was submitted to the list.
        d.listed = string(paper["submittedOnDailyAt"]) ?? string(entry["publishedAt"])
        if let upvotes = paper["upvotes"] as? Int { d.upvotes = upvotes }
        d.codeRepository = string(paper["githubRepo"])
        d.codeStars = paper["githubStars"] as? Int
        d.projectPage = string(paper["projectPage"])
        d.aiSummary = string(paper["ai_summary"])
        d.aiKeywords = (paper["ai_keywords"] as? [Any] ?? []).compactMap { $0 as? String }
        d.discussionComments = entry["numComments"] as? Int
        d.thumbnail = string(entry["thumbnail"])
        let submitter = paper["submittedOnDailyBy"] as? [String: Any] ?? entry["submittedBy"] as? [String: Any]
        d.submittedBy = submitter.flatMap { string($0["user"]) ?? string($0["name"]) }
        d.sources = [source]
        return d
    }

    private static func string(_ value: Any?) -> String? {
        switch value {
        case let s as String: s
        case let n as NSNumber: n.stringValue
        default: nil
        }
    }
}
