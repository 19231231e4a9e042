import Foundation

extension ModelError {
    /// Throws `invalidParameter` on `max_items` when `items` exceeds `maxItems`: the guard of the
    /// models that hold a dense items × items float matrix (EASE's weights, SLIM's Gram matrix).
    ///
    /// ```swift
    /// try ModelError.checkDenseItems(data.itemCount, maxItems: config.maxItems, model: typeName)
    /// ```
    static func checkDenseItems(_ items: Int, maxItems: Int, model: String) throws {
        guard items > maxItems else { return }
        let gib = Double(items) * Double(items) * 4 / 1_073_741_824
        throw ModelError.invalidParameter(model: model, name: "max_items",
            detail: "\(items) items need a dense \(items) × \(items) float matrix (\(String(format: "%.1f", gib)) GiB); limit is max_items = \(maxItems)")
    }
}
