import Foundation

/// The layout of predefined split files whose spec gives none (no `dataset.delimited`), recognised
/// from the first lines of the training file, so that what `reclab data export` writes — and
/// RecBole's pre-split `.train.inter` files — read back without a layout spelled out.
///
/// The training file's header, when it has one, gives the layout by `DelimitedSniffer`'s rules: a
/// header naming the user and item columns (`user_id`, RecBole's `user_id:token`, `userId`…) gives
/// every role by name, and a rating or timestamp column empty on the first data row (what the
/// exporter writes for implicit data or data without timestamps) is left out. A header-less file
/// keeps `DelimitedOptions()`, the `user,item` CSV that predefined files were always read as, so its
/// cache key does not change.
///
/// ```swift
/// try SplitFileLayout.recognise("export/train.tsv")
/// // DelimitedOptions(delimiter: "\t", hasHeader: true, user: "user_id", item: "item_id",
/// //                  rating: "rating", timestamp: "timestamp")
/// ```
public enum SplitFileLayout {
    /// The layout of the file at `path`. Throws `DataError.missingFile` when there is no such file.
    public static func recognise(_ path: String) throws -> DelimitedOptions {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw DataError.missingFile(path: path)
        }
        // A header (the exporter's, RecBole's, or another such as `userId,movieId,rating`) is read
        // with the layout it shows; a header-less file keeps the old layout and cache key.
        if let guessed = try? DelimitedSniffer.sniff(path: path), guessed.hasHeader { return guessed }
        return DelimitedOptions()
    }

    /// The layout that a header naming the user and item columns (`lines[0]`, with the first data row
    /// `lines[1]` if any) shows, or nil when the first line is no such header.
    static func recognise(firstLines lines: [String]) -> DelimitedOptions? {
        guard let guessed = DelimitedSniffer.guess(lines), guessed.hasHeader,
              case .name = guessed.user, case .name = guessed.item else { return nil }
        return guessed
    }
}
