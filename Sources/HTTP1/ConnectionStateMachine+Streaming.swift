/// A streamed response (`HTTPResponse.stream`): after its head the connection stays open and
/// the application writes to it later. It is always the connection's last response (it asks to
/// close), so no request is read behind it; the connection ends when the application finishes
/// the stream, the client leaves, the server drains, or the client stops reading (the
/// write-idle deadline, or the stream's buffer bound).
extension ConnectionStateMachine {
    /// The stream's head went out: from now on writes come from the application.
    mutating func beginStreaming() {
        streaming = true
        disarm()
    }

    /// Everything written so far reached the socket: wait without a deadline for the next write,
    /// unless the client left or the server is stopping.
    mutating func streamCaughtUp(into actions: inout [ConnectionAction]) {
        disarm()
        if peerHasClosed || draining { close(&actions) }
    }

    /// The application wrote more of the stream.
    mutating func streamWrote() {
        noteWrite()
    }

    /// The application ended the stream: close once what it wrote is out.
    mutating func endStreaming(into actions: inout [ConnectionAction]) {
        guard streaming else { return }
        streaming = false
        draining = true
        if !unflushed { close(&actions) }
    }

    /// The client reads too slowly for the stream's buffer: drop it now.
    mutating func dropStream(into actions: inout [ConnectionAction]) {
        streaming = false
        close(&actions)
    }
}
