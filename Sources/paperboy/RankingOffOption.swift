import Foundation
import ArgumentParser
import PaperboyCore

/// Ranking features named in a comma-separated list (`--ranking-off`, `PAPERBOY_RANKING_OFF`).
enum RankingOffOption {
    static func features(_ text: String) -> [RankingFeature]? {
        var features: [RankingFeature] = []
        for name in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !name.isEmpty {
            guard let feature = RankingFeature(rawValue: name) else { return nil }
            features.append(feature)
        }
        return features
    }

    static func parse(_ text: String) throws -> [RankingFeature] {
        guard let features = features(text) else {
            throw ValidationError("'\(text)' is not a comma-separated list of ranking features (\(RankingOffOption.names))")
        }
        return features
    }

    static let names = RankingFeature.allCases.map(\.rawValue).joined(separator: ", ")
}
