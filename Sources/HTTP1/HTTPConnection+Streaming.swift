import POSIXIO

/// The socket side of a streamed response: attach it once its head is serialised, move the
/// application's bytes into the output on the loop, and drop a client that falls behind by more
/// than the stream's buffer (so a slow reader never grows memory).
extension HTTPConnection {
    /// The head of a streamed response is in the output: attach the stream (HEAD gets only the head).
    func startStream(_ stream: ResponseStream, info: RequestInfo) {
        guard info.method != .HEAD else {
            stream.connectionClosed()
            return
        }
        self.stream = stream
        machine.beginStreaming()
        let (bytes, finished) = stream.attach(self, loop: context.loop)
        if !bytes.isEmpty { append(streamed: bytes, limit: stream.maxBufferedBytes) }
        if finished { streamFinished() }
    }

    /// The application queued bytes: move them to the output and write.
    func streamFlush() {
        guard let stream else { return }
        let bytes = stream.takePending()
        guard !bytes.isEmpty else { return }
        append(streamed: bytes, limit: stream.maxBufferedBytes)
        run()
    }

    /// The application ended the stream.
    func streamFinished() {
        guard stream != nil else { return }
        machine.endStreaming(into: &actions)
        run()
    }

    /// The stream's buffer overflowed before reaching the loop.
    func streamDropped() {
        guard stream != nil else { return }
        machine.dropStream(into: &actions)
        run()
    }

    private func append(streamed bytes: [UInt8], limit: Int) {
        if outbound.count - outboundSent + bytes.count > limit {
            streamDropped()
            return
        }
        outbound.append(contentsOf: bytes)
        machine.streamWrote()
    }
}
