import Hummingbird

/// What a request to the board knows: its device's session (set by the
/// session middleware), with the CSRF token and who writes from the device.
public struct BoardRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The device's session, once the session middleware has let the request through.
    var session: DeviceSession?
    /// The client's IP address (wrong tokens and pairing codes are counted per address).
    let clientAddress: String

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        clientAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }

    /// Forms are small: 64 KiB (issue 19), also enforced on `Content-Length` by `RequestGuardMiddleware`.
    public var maxUploadSize: Int { BoardLimits.maxBodyBytes }
}

/// The board's fixed limits.
public enum BoardLimits {
    /// Largest request body accepted.
    public static let maxBodyBytes = 64 * 1024
}
