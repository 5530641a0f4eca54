import Foundation

public struct StoreStats: Hashable, Sendable, Codable {
    public struct CategoryCount: Hashable, Sendable, Codable {
        public var category: String
        public var papers: Int

        public init(category: String, papers: Int) {
            self.category = category
            self.papers = papers
        }
    }

    public var papers: Int
    public var withAbstract: Int
    public var withUpvotes: Int
    public var earliestPublished: String?
    public var latestPublished: String?
    public var topCategories: [CategoryCount]
    public var databaseBytes: Int64

    public init(papers: Int, withAbstract: Int, withUpvotes: Int, earliestPublished: String?,
                latestPublished: String?, topCategories: [CategoryCount], databaseBytes: Int64) {
        self.papers = papers
        self.withAbstract = withAbstract
        self.withUpvotes = withUpvotes
        self.earliestPublished = earliestPublished
        self.latestPublished = latestPublished
        self.topCategories = topCategories
        self.databaseBytes = databaseBytes
    }

    enum CodingKeys: String, CodingKey {
        case papers
        case withAbstract = "with_abstract"
        case withUpvotes = "with_upvotes"
        case earliestPublished = "earliest_published"
        case latestPublished = "latest_published"
        case topCategories = "top_categories"
        case databaseBytes = "database_bytes"
    }
}
