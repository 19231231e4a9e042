#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Adam (Kingma & Ba, 2015), in PyTorch's form: with t the step,
/// `m ← β₁ m + (1 − β₁) g`, `v ← β₂ v + (1 − β₂) g²`,
/// `w ← w − (η / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)`.
/// Embedding rows are updated lazily (only rows in the batch, with the global t), as in
/// TensorFlow's LazyAdam; see `Optimizer` for weight decay and clipping.
///
/// ```swift
/// let adam = Adam<Net>(learningRate: 1e-3)
/// adam.update(&net, along: gradient)
/// ```
public final class Adam<Model: Parameterized>: Optimizer {
    public var learningRate: Float
    public var beta1: Float
    public var beta2: Float
    public var epsilon: Float
    let core: OptimizerCore

    public init(learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8,
                weightDecay: Float = 0, clipNorm: Float? = nil) {
        precondition(learningRate > 0 && (0..<1).contains(beta1) && (0..<1).contains(beta2) && epsilon > 0,
                     "Adam: learning rate > 0, betas in [0, 1), epsilon > 0")
        self.learningRate = learningRate; self.beta1 = beta1; self.beta2 = beta2; self.epsilon = epsilon
        core = OptimizerCore(clipNorm: clipNorm, weightDecay: weightDecay)
    }

    /// L2 weight decay λ.
    public var weightDecay: Float { get { core.weightDecay } set { core.weightDecay = newValue } }
    /// Global-norm clipping threshold.
    public var clipNorm: Float? { get { core.clipNorm } set { core.clipNorm = newValue } }
    /// Updates done so far (Adam's t).
    public var step: Int { core.step }
    /// The global gradient norm seen by the last update (before clipping).
    public var lastGradientNorm: Float { core.lastGradientNorm }

    public func update(_ model: inout Model, along direction: Model.TangentVector) {
        let t = Float(core.step + 1)
        let rule = Rule(b1: beta1, b2: beta2, eps: epsilon,
                        stepSize: learningRate / (1 - powf(beta1, t)),
                        rootCorrection2: (1 - powf(beta2, t)).squareRoot())
        core.update(&model, along: direction, rule: rule)
    }

    struct Rule: UpdateRule {
        let b1: Float, b2: Float, eps: Float, stepSize: Float, rootCorrection2: Float
        var stateCount: Int { 2 }

        func apply(weights w: UnsafeMutablePointer<Float>, gradients g: UnsafePointer<Float>, scale: Float, decay: Float,
                   state0 m: UnsafeMutablePointer<Float>, state1 v: UnsafeMutablePointer<Float>, count: Int) {
            let inverseCorrection = 1 / rootCorrection2
            // Eight lanes at a time (embedding rows are short, and the scalar loop does not vectorise).
            var i = 0
            while i + 8 <= count {
                let gi = scale * SIMD8.load(g + i) + decay * SIMD8.load(w + i)
                let mi = b1 * SIMD8.load(m + i) + (1 - b1) * gi
                let vi = b2 * SIMD8.load(v + i) + (1 - b2) * gi * gi
                mi.store(to: m + i); vi.store(to: v + i)
                (SIMD8.load(w + i) - stepSize * mi / (vi.squareRoot() * inverseCorrection + eps)).store(to: w + i)
                i += 8
            }
            while i < count {
                let gi = scale * g[i] + decay * w[i]
                let mi = b1 * m[i] + (1 - b1) * gi
                let vi = b2 * v[i] + (1 - b2) * gi * gi
                m[i] = mi; v[i] = vi
                w[i] -= stepSize * mi / (vi.squareRoot() * inverseCorrection + eps)
                i += 1
            }
        }
    }
}
