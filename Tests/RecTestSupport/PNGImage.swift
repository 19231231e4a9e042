import Foundation
import ZIPFoundation

/// An 8-bit RGB or RGBA PNG decoded to pixels, enough to tell a rendered page from a blank one
/// (browser screenshots). Chunks per the PNG specification: IHDR, IDAT (zlib) and the five
/// scanline filters; other chunks are skipped, interlaced images refused.
public struct PNGImage {
    public let width: Int, height: Int
    /// Bytes per pixel (3: RGB, 4: RGBA).
    public let channels: Int
    /// Unfiltered pixels, row by row.
    public let pixels: [UInt8]

    public struct Invalid: Error, CustomStringConvertible { public let description: String }

    public init(contentsOf path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else { throw Invalid(description: "\(path): cannot read") }
        let bytes = [UInt8](data)
        guard bytes.count > 8, bytes[0..<8].elementsEqual([137, 80, 78, 71, 13, 10, 26, 10]) else { throw Invalid(description: "\(path): not a PNG") }
        func u32(_ i: Int) -> Int { Int(bytes[i]) << 24 | Int(bytes[i + 1]) << 16 | Int(bytes[i + 2]) << 8 | Int(bytes[i + 3]) }
        var i = 8, w = 0, h = 0, colorType = -1
        var idat = Data()
        while i + 8 <= bytes.count {
            let length = u32(i), type = String(decoding: bytes[(i + 4)..<(i + 8)], as: UTF8.self)
            let body = (i + 8)..<(i + 8 + length)
            guard body.upperBound <= bytes.count else { throw Invalid(description: "\(path): truncated \(type) chunk") }
            switch type {
            case "IHDR":
                w = u32(body.lowerBound); h = u32(body.lowerBound + 4)
                colorType = Int(bytes[body.lowerBound + 9])
                guard bytes[body.lowerBound + 8] == 8, bytes[body.lowerBound + 12] == 0, colorType == 2 || colorType == 6 else {
                    throw Invalid(description: "\(path): only 8-bit, non-interlaced RGB/RGBA is read")
                }
            case "IDAT": idat.append(contentsOf: bytes[body])
            default: break
            }
            i = body.upperBound + 4
        }
        let channels = colorType == 6 ? 4 : 3
        // IDAT is a zlib stream: a 2-byte header, raw deflate, a 4-byte checksum.
        let deflated = idat.dropFirst(2)
        var raw = Data()
        _ = try Data.decompress(size: Int64(deflated.count), bufferSize: 1 << 16, skipCRC32: true,
                                provider: { pos, size in  // asked for whole buffers, even past the end
                                    let start = deflated.startIndex + Int(pos)
                                    return deflated.subdata(in: start..<min(start + size, deflated.endIndex))
                                },
                                consumer: { raw.append($0) })
        let stride = w * channels
        guard raw.count >= h * (stride + 1) else { throw Invalid(description: "\(path): \(raw.count) bytes of pixel data for \(w)×\(h)") }
        let src = [UInt8](raw)
        var out = [UInt8](repeating: 0, count: h * stride)
        for y in 0..<h {
            let filter = src[y * (stride + 1)]
            for x in 0..<stride {
                let v = src[y * (stride + 1) + 1 + x]
                let a = x >= channels ? Int(out[y * stride + x - channels]) : 0
                let b = y > 0 ? Int(out[(y - 1) * stride + x]) : 0
                let c = x >= channels && y > 0 ? Int(out[(y - 1) * stride + x - channels]) : 0
                let predicted: Int
                switch filter {
                case 0: predicted = 0
                case 1: predicted = a
                case 2: predicted = b
                case 3: predicted = (a + b) / 2
                case 4:
                    let p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c)
                    predicted = pa <= pb && pa <= pc ? a : (pb <= pc ? b : c)
                default: throw Invalid(description: "\(path): unknown filter \(filter) on row \(y)")
                }
                out[y * stride + x] = UInt8((Int(v) + predicted) & 0xFF)
            }
        }
        self.width = w; self.height = h; self.channels = channels; self.pixels = out
    }

    /// The RGB of pixel (x, y).
    public func rgb(_ x: Int, _ y: Int) -> (UInt8, UInt8, UInt8) {
        let o = (y * width + x) * channels
        return (pixels[o], pixels[o + 1], pixels[o + 2])
    }

    /// The fraction of pixels that differ from `background`, and the number of distinct colours.
    public func inkAndColours(background bg: (UInt8, UInt8, UInt8)) -> (ink: Double, colours: Int) {
        var ink = 0
        var colours = Set<Int>()
        for y in Swift.stride(from: 0, to: height, by: 1) {
            for x in Swift.stride(from: 0, to: width, by: 1) {
                let p = rgb(x, y)
                if p != bg { ink += 1 }
                if colours.count < 10_000 { colours.insert(Int(p.0) << 16 | Int(p.1) << 8 | Int(p.2)) }
            }
        }
        return (Double(ink) / Double(max(1, width * height)), colours.count)
    }
}
