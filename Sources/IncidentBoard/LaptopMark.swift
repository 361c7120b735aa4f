import Hummingbird

/// Whether the request at hand comes from the laptop: the session opened with
/// the start line's token (or the API's bearer), not a phone that joined by
/// pairing code. Pages offer 「端末を追加」 only there, since `/devices` refuses
/// every other device. Set for the duration of one request by `LaptopMarkMiddleware`.
enum BoardDevice {
    @TaskLocal static var isLaptop = false
}

/// Marks requests of the laptop's session (after the session middleware has found it).
struct LaptopMarkMiddleware: RouterMiddleware {
    typealias Context = BoardRequestContext
    let joined: JoinedDevices

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let laptop = context.session.map { !joined.contains($0.id) } ?? false
        return try await BoardDevice.$isLaptop.withValue(laptop) { try await next(request, context) }
    }
}
