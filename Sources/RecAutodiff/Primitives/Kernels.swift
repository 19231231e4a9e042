/// Contiguous-loop kernels shared by the primitives: one output allocation, no per-element
/// allocation, bodies simple enough for the compiler to vectorise.
extension Tensor {
    /// `f(self[i])` for every value, into a new tensor of the same shape.
    @inline(__always) @usableFromInline
    func mapScalars(_ f: (Float) -> Float) -> Tensor {
        Tensor(rows: rows, cols: cols) { out in
            scalars.withUnsafeBufferPointer { x in
                for i in 0..<out.count { out[i] = f(x[i]) }
            }
        }
    }

    /// `f(a[i], b[i])` for two same-shaped tensors.
    @inline(__always) @usableFromInline
    static func zipScalars(_ a: Tensor, _ b: Tensor, _ f: (Float, Float) -> Float) -> Tensor {
        precondition(a.hasShape(of: b), "elementwise op on \(a) and \(b)")
        return Tensor(rows: a.rows, cols: a.cols) { out in
            a.scalars.withUnsafeBufferPointer { x in
                b.scalars.withUnsafeBufferPointer { y in
                    for i in 0..<out.count { out[i] = f(x[i], y[i]) }
                }
            }
        }
    }

    /// Column sums (`1 × cols`): the reduction a row broadcast's gradient needs.
    @usableFromInline
    func columnSums() -> Tensor {
        var out = Tensor(rows: 1, cols: cols, repeating: 0)
        out.scalars.withUnsafeMutableBufferPointer { o in
            scalars.withUnsafeBufferPointer { x in
                for r in 0..<rows {
                    let base = r * cols
                    for c in 0..<cols { o[c] += x[base + c] }
                }
            }
        }
        return out
    }

    /// Sum of all values, accumulated in `Double` in eight lanes (vectorisable, and accurate enough
    /// for losses over large batches).
    @usableFromInline
    func scalarSum() -> Float {
        scalars.withUnsafeBufferPointer { x in
            var lanes = SIMD8<Double>()
            let n8 = x.count / 8 * 8
            var i = 0
            while i < n8 {
                lanes += SIMD8<Double>(Double(x[i]), Double(x[i + 1]), Double(x[i + 2]), Double(x[i + 3]),
                                       Double(x[i + 4]), Double(x[i + 5]), Double(x[i + 6]), Double(x[i + 7]))
                i += 8
            }
            var s = lanes.sum()
            while i < x.count { s += Double(x[i]); i += 1 }
            return Float(s)
        }
    }
}
