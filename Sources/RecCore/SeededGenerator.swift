/// RecLab's own seeded pseudo-random number generator: xoshiro256** (Blackman & Vigna, 2018) seeded
/// through SplitMix64, so one `UInt64` seed fixes every draw.
///
/// Swift's `SystemRandomNumberGenerator` cannot be seeded, and the standard library's `shuffle(using:)`
/// algorithm is not promised to stay the same across releases; every random decision in RecLab goes
/// through this type and its own helpers so that the same spec and seed give the same numbers.
///
/// ```swift
/// var rng = SeededGenerator(seed: 42)
/// let u = rng.nextDouble()          // uniform in [0, 1)
/// let child = rng.split(stream: 7)  // an independent stream for a sub-task
/// ```
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    // Internal but inlinable: `next()` is inlined into every caller across modules (the hot loops of
    // the samplers draw once per step).
    @usableFromInline var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    /// Creates a generator whose whole sequence is fixed by `seed`.
    public init(seed: UInt64) {
        var sm = seed
        s0 = SeededGenerator.splitMix64(&sm)
        s1 = SeededGenerator.splitMix64(&sm)
        s2 = SeededGenerator.splitMix64(&sm)
        s3 = SeededGenerator.splitMix64(&sm)
    }

    /// SplitMix64 step (Steele, Lea & Flood, 2014), used to expand seeds.
    @inlinable
    public static func splitMix64(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Next 64 random bits (xoshiro256**).
    @inlinable
    public mutating func next() -> UInt64 {
        let result = rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 45)
        return result
    }

    @inlinable @inline(__always) func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// A generator for an independent sub-stream, derived from this one's next draw and `stream`.
    /// Use it to give each thread, user or trial its own reproducible sequence.
    public mutating func split(stream: UInt64) -> SeededGenerator {
        var mix = next() ^ (stream &* 0xD1B5_4A32_D192_ED03)
        return SeededGenerator(seed: SeededGenerator.splitMix64(&mix))
    }

    /// A generator derived from a base seed and a stream number without consuming any state.
    public static func derived(seed: UInt64, stream: UInt64) -> SeededGenerator {
        var mix = seed ^ (stream &* 0xD1B5_4A32_D192_ED03) ^ 0x5851_F42D_4C95_7F2D
        return SeededGenerator(seed: splitMix64(&mix))
    }

    /// Uniform `Double` in [0, 1) with 53 random bits.
    @inlinable public mutating func nextDouble() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// Uniform `Float` in [0, 1) with 24 random bits.
    @inlinable public mutating func nextFloat() -> Float { Float(next() >> 40) * 0x1.0p-24 }

    /// Uniform integer in `0..<bound` without modulo bias (Lemire, 2019).
    @inlinable public mutating func nextInt(below bound: Int) -> Int {
        precondition(bound > 0, "bound must be positive")
        let b = UInt64(bound)
        var m = next().multipliedFullWidth(by: b)
        if m.low < b {
            let threshold = (0 &- b) % b
            while m.low < threshold { m = next().multipliedFullWidth(by: b) }
        }
        return Int(m.high)
    }

    /// Standard normal draw (Box–Muller; one of the pair is discarded to keep the state simple).
    public mutating func nextGaussian() -> Double {
        var u1 = nextDouble()
        while u1 <= Double.leastNormalMagnitude { u1 = nextDouble() }
        let u2 = nextDouble()
        return (-2 * _log(u1)).squareRoot() * _cos(2 * Double.pi * u2)
    }

    /// Fisher–Yates shuffle with RecLab's own, version-stable algorithm.
    @inlinable
    public mutating func shuffle<C: MutableCollection & RandomAccessCollection>(_ c: inout C) where C.Index == Int {
        var i = c.endIndex - 1
        while i > c.startIndex {
            let j = c.startIndex + nextInt(below: i - c.startIndex + 1)
            c.swapAt(i, j)
            i -= 1
        }
    }

    /// A random permutation of `0..<n`.
    public mutating func permutation(_ n: Int) -> [Int] {
        var p = Array(0..<n)
        shuffle(&p)
        return p
    }
}

#if canImport(Glibc)
import Glibc
@usableFromInline func _log(_ x: Double) -> Double { Glibc.log(x) }
@usableFromInline func _cos(_ x: Double) -> Double { Glibc.cos(x) }
#else
import Darwin
@usableFromInline func _log(_ x: Double) -> Double { Darwin.log(x) }
@usableFromInline func _cos(_ x: Double) -> Double { Darwin.cos(x) }
#endif
