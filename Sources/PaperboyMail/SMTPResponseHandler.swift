import NIOCore

/// Splits what the server sends into SMTP replies and hands each to the oldest waiting
/// request. Lives on its channel's event loop; every method is called there.
final class SMTPResponseHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer

    struct ConnectionClosed: Error, CustomStringConvertible { var description: String { "the SMTP server closed the connection" } }
    struct Timeout: Error, CustomStringConvertible { var description: String { "the SMTP server did not answer in time" } }
    struct Garbled: Error, CustomStringConvertible { var line: String; var description: String { "unreadable SMTP reply: \(line.prefix(80))" } }

    private var buffer = ByteBuffer()
    private var lines: [String] = []
    private var ready: [SMTPResponse] = []
    private var waiting: [(promise: EventLoopPromise<SMTPResponse>, timeout: Scheduled<Void>)] = []
    private var failure: (any Error)?
    private var context: ChannelHandlerContext?

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }

    /// The next reply, or a failure after `timeout` (which also closes the connection: its
    /// replies could no longer be matched to requests).
    func next(on loop: any EventLoop, timeout: TimeAmount) -> EventLoopFuture<SMTPResponse> {
        loop.preconditionInEventLoop()
        if !ready.isEmpty { return loop.makeSucceededFuture(ready.removeFirst()) }
        if let failure { return loop.makeFailedFuture(failure) }
        let promise = loop.makePromise(of: SMTPResponse.self)
        let scheduled = loop.scheduleTask(in: timeout) { [weak self] in
            guard let self, let index = self.waiting.firstIndex(where: { $0.promise.futureResult === promise.futureResult }) else { return }
            self.waiting.remove(at: index)
            promise.fail(Timeout())
            self.fail(Timeout())
            self.context?.close(promise: nil)
        }
        waiting.append((promise, scheduled))
        return promise.futureResult
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var incoming = unwrapInboundIn(data)
        buffer.writeBuffer(&incoming)
        while let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) {
            let length = newline - buffer.readerIndex + 1
            guard var line = buffer.readString(length: length) else { break }
            line = String(line.dropLast()) // "\n"
            if line.hasSuffix("\r") { line.removeLast() }
            parse(line)
        }
        if buffer.readableBytes > 64 * 1024 {
            fail(Garbled(line: "a reply line longer than 64 KiB"))
            context.close(promise: nil)
        }
        buffer.discardReadBytes()
    }

    private func parse(_ line: String) {
        let characters = Array(line.utf8)
        guard characters.count >= 3, let code = Int(String(decoding: characters[0..<3], as: UTF8.self)),
              characters.count == 3 || characters[3] == UInt8(ascii: " ") || characters[3] == UInt8(ascii: "-") else {
            fail(Garbled(line: line))
            context?.close(promise: nil)
            return
        }
        lines.append(characters.count > 4 ? String(decoding: characters[4...], as: UTF8.self) : "")
        guard characters.count == 3 || characters[3] == UInt8(ascii: " ") else { return }
        let response = SMTPResponse(code: code, lines: lines)
        lines = []
        if waiting.isEmpty {
            ready.append(response)
        } else {
            let first = waiting.removeFirst()
            first.timeout.cancel()
            first.promise.succeed(response)
        }
    }

    private func fail(_ error: any Error) {
        if failure == nil { failure = error }
        let pending = waiting
        waiting = []
        for entry in pending {
            entry.timeout.cancel()
            entry.promise.fail(error)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(error)
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(ConnectionClosed())
        context.fireChannelInactive()
    }
}
