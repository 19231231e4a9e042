/// Adagrad (Duchi, Hazan & Singer, 2011), in PyTorch's form: `G ← G + g²` (G starts at 0), `w ← w − η g / (√G + ε)`.
/// Embedding rows are updated lazily, which for Adagrad without weight decay equals the dense
/// update (untouched rows have g = 0); see `Optimizer` for weight decay and clipping.
///
/// ```swift
/// let adagrad = Adagrad<Net>(learningRate: 0.05)
/// adagrad.update(&net, along: gradient)
/// ```
public final class Adagrad<Model: Parameterized>: Optimizer {
    public var learningRate: Float
    public var epsilon: Float
    let core: OptimizerCore

    public init(learningRate: Float = 0.01, epsilon: Float = 1e-10, weightDecay: Float = 0, clipNorm: Float? = nil) {
        precondition(learningRate > 0 && epsilon > 0, "Adagrad: learning rate > 0, epsilon > 0")
        self.learningRate = learningRate; self.epsilon = epsilon
        core = OptimizerCore(clipNorm: clipNorm, weightDecay: weightDecay)
    }

    /// L2 weight decay λ.
    public var weightDecay: Float { get { core.weightDecay } set { core.weightDecay = newValue } }
    /// Global-norm clipping threshold.
    public var clipNorm: Float? { get { core.clipNorm } set { core.clipNorm = newValue } }
    /// Updates done so far.
    public var step: Int { core.step }
    /// The global gradient norm seen by the last update (before clipping).
    public var lastGradientNorm: Float { core.lastGradientNorm }

    public func update(_ model: inout Model, along direction: Model.TangentVector) {
        core.update(&model, along: direction, rule: Rule(lr: learningRate, eps: epsilon))
    }

    struct Rule: UpdateRule {
        let lr: Float, eps: Float
        var stateCount: Int { 1 }

        func apply(weights w: UnsafeMutablePointer<Float>, gradients g: UnsafePointer<Float>, scale: Float, decay: Float,
                   state0 acc: UnsafeMutablePointer<Float>, state1: UnsafeMutablePointer<Float>, count: Int) {
            var i = 0
            while i + 8 <= count {
                let gi = scale * SIMD8.load(g + i) + decay * SIMD8.load(w + i)
                let a = SIMD8.load(acc + i) + gi * gi
                a.store(to: acc + i)
                (SIMD8.load(w + i) - lr * gi / (a.squareRoot() + eps)).store(to: w + i)
                i += 8
            }
            while i < count {
                let gi = scale * g[i] + decay * w[i]
                let a = acc[i] + gi * gi
                acc[i] = a
                w[i] -= lr * gi / (a.squareRoot() + eps)
                i += 1
            }
        }
    }
}
