import Hummingbird

/// What a request to the board knows. Sessions are all alike in this step;
/// the device and its person come with pairing.
public struct BoardRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    /// Forms are small: 64 KiB (issue 19), also enforced on `Content-Length` by `RequestGuardMiddleware`.
    public var maxUploadSize: Int { BoardLimits.maxBodyBytes }
}

/// The board's fixed limits.
public enum BoardLimits {
    /// Largest request body accepted.
    public static let maxBodyBytes = 64 * 1024
}
