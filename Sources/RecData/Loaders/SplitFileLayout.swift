import Foundation

/// The layout of predefined split files whose spec gives none (no `dataset.delimited`), recognised
/// from the first lines of the training file, so that what `reclab data export` writes — and
/// RecBole's pre-split `.train.inter` files — read back without a layout spelled out.
///
/// A first line that, split at tabs (else at commas), has a `user_id` and an `item_id` field, bare as
/// `SplitExporter` writes them or with RecBole's type suffix (`user_id:token`), is a header: the
/// columns are taken by those names, with the `rating` and `timestamp` columns when the header has
/// them. A rating or timestamp column that is empty on the first data row (what the exporter writes
/// for implicit data or data without timestamps) is left out. Another header (`userId,movieId,…`)
/// is read with the layout `DelimitedSniffer` guesses from it. Any other file keeps `DelimitedOptions()`, the header-less
/// `user,item` CSV that predefined files were always read as, so its cache key does not change.
///
/// ```swift
/// try SplitFileLayout.recognise("export/train.tsv")
/// // DelimitedOptions(delimiter: "\t", hasHeader: true, user: "user_id", item: "item_id",
/// //                  rating: "rating", timestamp: "timestamp")
/// ```
public enum SplitFileLayout {
    /// The layout of the file at `path`. Throws `DataError.missingFile` when there is no such file.
    public static func recognise(_ path: String) throws -> DelimitedOptions {
        if let layout = recognise(firstLines: try firstLines(of: path)) { return layout }
        // Another header (`userId,movieId,rating`) read as data would make its names an interaction
        // and drop the ratings: such a file is read with the layout its header shows.
        if let guessed = try? DelimitedSniffer.sniff(path: path), guessed.hasHeader { return guessed }
        return DelimitedOptions()
    }

    /// The layout that the header `lines[0]` and first data row `lines[1]` (if any) show, or nil when
    /// the first line is not a header with `user_id` and `item_id` columns.
    static func recognise(firstLines lines: [String]) -> DelimitedOptions? {
        guard let header = lines.first else { return nil }
        for delimiter in ["\t", ","] {
            let names = header.components(separatedBy: delimiter).map { $0.trimmingCharacters(in: .whitespaces) }
            func column(_ field: String) -> Int? { names.firstIndex { $0 == field || $0.hasPrefix(field + ":") } }
            guard let user = column("user_id"), let item = column("item_id") else { continue }
            // A column empty on the first data row holds nothing: the exporter's timestamps of data
            // without any, and its ratings of implicit data.
            func filled(_ c: Int?) -> Int? {
                guard let c, lines.count > 1 else { return c }
                let row = lines[1].components(separatedBy: delimiter)
                return c < row.count && row[c].trimmingCharacters(in: .whitespaces).isEmpty ? nil : c
            }
            return DelimitedOptions(delimiter: delimiter, hasHeader: true, user: .name(names[user]), item: .name(names[item]),
                                    rating: filled(column("rating")).map { .name(names[$0]) },
                                    timestamp: filled(column("timestamp")).map { .name(names[$0]) })
        }
        return nil
    }

    /// Bytes read to find the first two lines: a header and a data row are far shorter.
    static let prefixBytes = 1 << 16

    /// The first two non-blank lines of the file (without line ends), read from its first 64 KiB.
    private static func firstLines(of path: String) throws -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
              let handle = FileHandle(forReadingAtPath: path) else {
            throw DataError.missingFile(path: path)
        }
        defer { try? handle.close() }
        let prefix = try handle.read(upToCount: prefixBytes) ?? Data()
        // Split the bytes, not a String: Swift reads "\r\n" as one character, which no "\n" matches.
        return [UInt8](prefix).split(separator: 0x0A).lazy
            .map { String(decoding: $0.last == 0x0D ? $0.dropLast() : $0, as: UTF8.self) }
            .filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            .prefix(2).map { $0 }
    }
}
