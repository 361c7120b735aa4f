import Foundation

/// What `JSONDecoder` lets through and a strict reader must not: the same key
/// twice in one object (one reader takes the first value, Python and jq the
/// last, so a forged second value could pass one check and show in another).
enum StrictJSON {
    /// The first key that appears twice in one object of `data`, if any. A scan
    /// of the tokens only: malformed JSON is the decoder's to refuse.
    static func duplicateKey(in data: Data) -> String? {
        let bytes = [UInt8](data)
        var keys: [Set<String>?] = []  // one entry per open container: a set for objects, nil for arrays
        var expectingKey = false
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            switch b {
            case UInt8(ascii: "{"):
                keys.append([])
                expectingKey = true
            case UInt8(ascii: "["):
                keys.append(nil)
                expectingKey = false
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if !keys.isEmpty { keys.removeLast() }
                expectingKey = false
            case UInt8(ascii: ","):
                expectingKey = keys.last.map { $0 != nil } ?? false
            case UInt8(ascii: "\""):
                let start = i
                i += 1
                while i < bytes.count, bytes[i] != UInt8(ascii: "\"") { i += bytes[i] == UInt8(ascii: "\\") ? 2 : 1 }
                if expectingKey, i < bytes.count, keys.last != nil, var set = keys.last! {
                    let literal = Data(bytes[start...i])
                    let key = (try? JSONDecoder().decode(String.self, from: literal)) ?? String(decoding: literal, as: UTF8.self)
                    if set.contains(key) { return key }
                    set.insert(key)
                    keys[keys.count - 1] = set
                }
                expectingKey = false
            default: break
            }
            i += 1
        }
        return nil
    }
}
