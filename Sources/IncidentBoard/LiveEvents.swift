import Hummingbird
import ServiceLifecycle

/// `GET /events`: server-sent events telling an open page that the store
/// changed (`event: change`), so its script fetches the page again. An
/// `event: alive` every 15 s keeps proxies and the browser from timing out, and
/// lets the page notice a server that stopped answering without closing the
/// connection (a laptop put to sleep): it greys out and reconnects. The stream
/// ends when the client goes, and on graceful shutdown (else SIGTERM would wait
/// for every open page).
enum LiveEvents {
    static func response(_ feed: ChangeFeed) -> Response {
        Response(
            status: .ok,
            headers: [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-store"],
            body: ResponseBody { writer in
                // Watch before saying the stream is open: nothing written after ": open" is missed.
                let changes = feed.changes()
                // Reconnect after a second when the connection drops.
                try await writer.write(ByteBuffer(string: "retry: 1000\n: open\n\n"))
                for await change in changes.cancelOnGracefulShutdown() {
                    if change == ChangeFeed.heartbeat {
                        try await writer.write(ByteBuffer(string: "event: alive\ndata: 0\n\n"))
                    } else {
                        try await writer.write(ByteBuffer(string: "event: change\ndata: \(change)\n\n"))
                    }
                }
                try await writer.finish(nil)
            })
    }
}
