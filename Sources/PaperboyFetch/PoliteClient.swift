import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// HTTP GETs the way arXiv's terms of use ask: one request at a time, at least `delay`
/// from the end of one request to the start of the next (so the server, whatever the
/// network does, never sees two requests closer than `delay`), an identifying User-Agent, and retries with
/// exponential backoff on 5xx answers, timeouts and broken connections; a 503 (or 429)
/// with Retry-After waits as long as the server asks.
public actor PoliteClient {
    public struct Settings: Sendable {
        public var delay: Duration
        public var userAgent: String
        public var timeout: Duration
        /// Attempts per request, the first included.
        public var attempts: Int
        /// The longest Retry-After honoured; longer ones are capped to this.
        public var maxRetryAfter: Duration

        public init(delay: Duration = .seconds(3), userAgent: String = PoliteClient.defaultUserAgent, timeout: Duration = .seconds(60),
                    attempts: Int = 5, maxRetryAfter: Duration = .seconds(600)) {
            self.delay = delay
            self.userAgent = userAgent
            self.timeout = timeout
            self.attempts = attempts
            self.maxRetryAfter = maxRetryAfter
        }
    }

    public static let defaultUserAgent = "Paperboy/1.0 (self-hosted paper digest; https://github.com/paperboy)"

    public struct Failure: Error, CustomStringConvertible, Sendable {
        public var description: String
        /// A 4xx answer (other than 429): asking again will not help.
        public var permanent: Bool
    }

    public let settings: Settings
    private let client: HTTPClient
    let logger: Logger
    private var lastFinish: ContinuousClock.Instant?
    private let clock = ContinuousClock()

    public init(settings: Settings, logger: Logger, client: HTTPClient = .shared) {
        self.settings = settings
        self.client = client
        self.logger = logger
    }

    /// The body of a 200 answer to `url`.
    public func get(_ url: String) async throws -> [UInt8] {
        var attempt = 0
        while true {
            attempt += 1
            var wait: Duration
            do {
                return try await once(url)
            } catch let failure as Failure where failure.permanent {
                throw failure
            } catch let retry as RetryAfter {
                wait = min(retry.duration, settings.maxRetryAfter)
                logger.notice("source asks to retry later", metadata: ["url": "\(url)", "retry_after_s": "\(wait.components.seconds)"])
            } catch {
                wait = settings.delay * (1 << min(attempt - 1, 6))
                logger.warning("fetch failed", metadata: ["url": "\(url)", "attempt": "\(attempt)", "error": "\(error)"])
                if attempt >= settings.attempts { throw Failure(description: "\(url): \(error) (after \(attempt) attempts)", permanent: false) }
            }
            if attempt >= settings.attempts + 5 { throw Failure(description: "\(url): still refused after \(attempt) attempts", permanent: false) }
            try await Task.sleep(for: wait)
        }
    }

    private struct RetryAfter: Error { var duration: Duration }
    private struct Transient: Error, CustomStringConvertible { var description: String }

    private func once(_ url: String) async throws -> [UInt8] {
        if let lastFinish {
            let next = lastFinish + settings.delay
            if next > clock.now { try await Task.sleep(until: next, clock: clock) }
        }
        defer { lastFinish = clock.now }
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "User-Agent", value: settings.userAgent)
        request.headers.add(name: "Accept-Encoding", value: "identity")
        let response = try await client.execute(request, timeout: TimeAmount(settings.timeout))
        let status = Int(response.status.code)
        let body = try await response.body.collect(upTo: 256 * 1024 * 1024)
        switch status {
        case 200:
            return Array(buffer: body)
        case 429, 503:
            let seconds = response.headers.first(name: "Retry-After").flatMap { Int($0.trimmingCharacters(in: .whitespaces)) } ?? 30
            throw RetryAfter(duration: .seconds(max(1, seconds)))
        case 500...599:
            throw Transient(description: "HTTP \(status)")
        default:
            throw Failure(description: "\(url): HTTP \(status)", permanent: true)
        }
    }
}

extension PoliteClient {
    /// Fetches `url` and parses it, fetching again (politely) while the body is malformed or
    /// truncated, up to `retries` more times; a page is never used in part.
    public func page<Page>(_ url: String, retries: Int = 3, parse: ([UInt8]) throws -> Page) async throws -> Page {
        var attempt = 0
        while true {
            attempt += 1
            let body = try await get(url)
            do {
                return try parse(body)
            } catch {
                logger.warning("malformed page", metadata: ["url": "\(url)", "attempt": "\(attempt)", "error": "\(error)"])
                if attempt > retries {
                    throw Failure(description: "\(url): malformed page after \(attempt) attempts: \(error)", permanent: false)
                }
            }
        }
    }
}
