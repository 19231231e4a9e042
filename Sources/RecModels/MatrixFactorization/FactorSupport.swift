import RecCore

/// Helpers shared by the latent-factor models: seeded initialisation, BLAS scoring, sigmoid.
enum FactorSupport {
    /// `count` draws from N(0, std²) in generator order.
    static func gaussian(count: Int, std: Float, rng: inout SeededGenerator) -> [Float] {
        (0..<count).map { _ in Float(rng.nextGaussian()) * std }
    }

    /// Scores `users × items` as `U_users · V_itemsᵀ (+ itemBias + userBias + global)` with one `sgemm`.
    /// `userFactors` is userCount × f and `itemFactors` itemCount × f, both row-major.
    static func scores(users: [Int32], items: [Int32]?, factors f: Int, itemCount: Int,
                       userFactors: [Float], itemFactors: [Float],
                       userBias: [Float]? = nil, itemBias: [Float]? = nil, global: Float = 0) -> DenseMatrix {
        let cols = items?.count ?? itemCount
        var out = DenseMatrix(rows: users.count, cols: cols)
        guard users.count > 0, cols > 0 else { return out }
        var gathered = [Float](repeating: 0, count: users.count * f)
        userFactors.withUnsafeBufferPointer { uf in
            for (r, u) in users.enumerated() {
                for k in 0..<f { gathered[r * f + k] = uf[Int(u) * f + k] }
            }
        }
        let itemMatrix: [Float]
        if let items {
            var g = [Float](repeating: 0, count: items.count * f)
            itemFactors.withUnsafeBufferPointer { vf in
                for (c, i) in items.enumerated() { for k in 0..<f { g[c * f + k] = vf[Int(i) * f + k] } }
            }
            itemMatrix = g
        } else {
            itemMatrix = itemFactors
        }
        out.storage.withUnsafeMutableBufferPointer { pc in
            if f > 0 {
                gathered.withUnsafeBufferPointer { pa in
                    itemMatrix.withUnsafeBufferPointer { pb in
                        BLAS.gemm(transB: true, m: users.count, n: cols, k: f, a: pa.baseAddress!, lda: f,
                                  b: pb.baseAddress!, ldb: f, c: pc.baseAddress!, ldc: cols)
                    }
                }
            }
            if userBias != nil || itemBias != nil || global != 0 {
                for r in 0..<users.count {
                    let rowShift = global + (userBias?[Int(users[r])] ?? 0)
                    for c in 0..<cols {
                        let ib = itemBias.map { $0[Int(items?[c] ?? Int32(c))] } ?? 0
                        pc[r * cols + c] += rowShift + ib
                    }
                }
            }
        }
        return out
    }

    /// Dot product of `f` floats with eight SIMD lanes (a plain `Float` reduction loop is not
    /// vectorised, since that would reassociate the additions); inlined, no call overhead.
    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ f: Int) -> Float {
        var acc = SIMD8<Float>()
        var k = 0
        let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
        while k + 8 <= f {
            // `acc = acc + …`, not `+=`: the generic `+=` of SIMD was left as an out-of-line call.
            acc = acc + ra.loadUnaligned(fromByteOffset: k * 4, as: SIMD8<Float>.self)
                 * rb.loadUnaligned(fromByteOffset: k * 4, as: SIMD8<Float>.self)
            k += 8
        }
        var s = acc.sum()
        while k < f { s += a[k] * b[k]; k += 1 }
        return s
    }

    @inline(__always)
    static func dot(_ a: UnsafeMutablePointer<Float>, _ b: UnsafeMutablePointer<Float>, _ f: Int) -> Float {
        dot(UnsafePointer(a), UnsafePointer(b), f)
    }

    /// Logistic function σ(x) = 1 / (1 + e^{−x}), stable for large |x|.
    @inline(__always)
    static func sigmoid(_ x: Float) -> Float {
        x >= 0 ? 1 / (1 + expf(-x)) : { let e = expf(x); return e / (1 + e) }()
    }

    /// softplus(x) = log(1 + e^x), stable; −log σ(x) = softplus(−x).
    @inline(__always)
    static func softplus(_ x: Float) -> Float {
        x > 0 ? x + log1pf(expf(-x)) : log1pf(expf(x))
    }

    /// Throws `invalidParameter` unless `condition` holds.
    static func require(_ condition: Bool, _ model: String, _ name: String, _ detail: String) throws {
        if !condition { throw ModelError.invalidParameter(model: model, name: name, detail: detail) }
    }

    /// Whether `item` is among the sorted column indices of `row` of `m` (binary search).
    @inline(__always)
    static func contains(_ indices: UnsafeBufferPointer<Int32>, _ lo: Int, _ hi: Int, _ item: Int32) -> Bool {
        var l = lo, h = hi
        while l < h {
            let mid = (l + h) >> 1
            if indices[mid] < item { l = mid + 1 } else { h = mid }
        }
        return l < hi && indices[l] == item
    }
}

#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
