import HTTPTypes
import Hummingbird
import IncidentKit

/// Puts the board's security headers on every response, refusals and errors
/// included, and turns routing errors (404, 405…) into small board pages.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    let pages: BoardPages
    let language: Language

    /// No external resource, no inline script, no inline style but the board's own
    /// stylesheet (allowed by its hash), no framing, no form posting elsewhere;
    /// the live updates (`/events`, the page fetched again) connect to this board only.
    static var contentSecurityPolicy: String {
        "default-src 'none'; style-src 'self' \(BoardStyle.hashSource); script-src 'self'; connect-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    }

    /// A library print page (a draft, the timeline) carries its style inline: it
    /// may use inline style, and still no script, no external resource, no framing.
    static var printPolicy: String {
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; frame-ancestors 'none'; base-uri 'none'"
    }

    static var headers: HTTPFields {
        [
            .contentSecurityPolicy: contentSecurityPolicy,
            .xFrameOptions: "DENY",
            .referrerPolicy: "no-referrer",
            .cacheControl: "no-store",
            .xContentTypeOptions: "nosniff",
        ]
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            let l = BoardRoutes.language(request, default: language)
            let frame = BoardRoutes.frame(request, l)
            let message: BoardMessage =
                switch error.status {
                case .notFound, .methodNotAllowed: .notFound(l)
                case .contentTooLarge: .tooLarge(l)
                default: .failure(l)
                }
            response = BoardRoutes.html(pages.message(message, frame: frame), status: error.status == .methodNotAllowed ? .notFound : error.status)
        } catch {
            context.logger.error("board: \(error)")
            let l = BoardRoutes.language(request, default: language)
            response = BoardRoutes.html(pages.message(.failure(l), frame: BoardRoutes.frame(request, l)), status: .internalServerError)
        }
        for field in Self.headers {
            // A print page's own policy (`printPolicy`) is kept; every other response gets the board's.
            if field.name == .contentSecurityPolicy, response.headers[.contentSecurityPolicy] == Self.printPolicy { continue }
            response.headers[field.name] = field.value
        }
        return response
    }
}

extension HTTPField.Name {
    static var contentSecurityPolicy: Self { .init("Content-Security-Policy")! }
    static var xFrameOptions: Self { .init("X-Frame-Options")! }
    static var referrerPolicy: Self { .init("Referrer-Policy")! }
    static var xContentTypeOptions: Self { .init("X-Content-Type-Options")! }
}
