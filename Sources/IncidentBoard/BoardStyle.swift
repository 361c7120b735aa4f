import Crypto
import Foundation
import IncidentKit

/// The board's one stylesheet, inside every page's head rather than fetched:
/// on a phone over a slow link (150 ms round trip) the page is drawn one round
/// trip sooner. The Content-Security-Policy allows exactly this text by its
/// SHA-256 (`'sha256-…'`), so no other inline style (and no `unsafe-inline`) runs.
enum BoardStyle {
    /// `Board/board.css`, as embedded in the binary.
    static let css = EmbeddedResources.files["Board/board.css"] ?? ""

    /// The link the templates carry; replaced by the stylesheet itself when they are registered.
    static let link = "<link rel=\"stylesheet\" href=\"/static/board.css\">"

    /// The `<style>` element every page's head carries.
    static let element = "<style>" + css + "</style>"

    /// The CSP source that allows `element`'s text and nothing else.
    static let hashSource = "'sha256-" + Data(SHA256.hash(data: Data(css.utf8))).base64EncodedString() + "'"

    /// A template's text with the stylesheet link replaced by the stylesheet
    /// (the stylesheet holds no Mustache tag: a test checks it).
    static func inlined(in template: String) -> String {
        template.replacingOccurrences(of: link, with: element)
    }
}
