import _Differentiation

/// A first-order optimiser: one method that moves a model's parameters along a gradient, keeping
/// whatever state it needs (momentum, moments) between calls.
///
/// ```swift
/// let optimizer = Adam<Net>(learningRate: 1e-3, weightDecay: 1e-5, clipNorm: 5)
/// let (loss, grad) = valueWithGradient(at: net) { net in sigmoidCrossEntropy(logits: net(batch), labels: y) }
/// optimizer.update(&net, along: grad)
/// ```
///
/// Every optimiser here shares three behaviours, applied in this order each step:
/// 1. **Clipping by global norm** (Pascanu et al., 2013): when `clipNorm` is set and the norm of all
///    gradients together, `‖g‖ = √(Σ g²)`, exceeds it, every gradient is scaled by
///    `clipNorm / (‖g‖ + 1e-6)` (PyTorch's `clip_grad_norm_`).
/// 2. **Weight decay** as an L2 term added to the gradient, `g ← g + λ w` (PyTorch's `weight_decay`).
/// 3. The optimiser's own rule.
///
/// Embedding tables (`EmbeddingGradient`) are updated *lazily*: only the rows looked up in the
/// batch change, and their state (moments, accumulators) is advanced only on those steps — the
/// behaviour of PyTorch's sparse optimisers and TensorFlow's LazyAdam. Repeated ids are summed first.
/// For plain SGD and Adagrad without weight decay this equals the dense update; weight decay,
/// momentum and Adam's moments of untouched rows pause instead of decaying.
public protocol Optimizer: AnyObject {
    associatedtype Model: Parameterized
    /// The step size (may be changed between steps for a schedule).
    var learningRate: Float { get set }
    /// Moves `model` one step along `direction` (the gradient of the loss).
    func update(_ model: inout Model, along direction: Model.TangentVector)
}

/// One optimiser rule applied to a contiguous run of parameters: a dense tensor or one embedding row.
/// `state0`/`state1` point at the run's state (unused ones point at scratch).
/// The rule forms the effective gradient itself, `scale · g + decay · w` (clipping and weight decay),
/// so a step is one pass over the weights.
protocol UpdateRule {
    /// Number of parameter-sized state buffers the rule keeps (0, 1 or 2).
    var stateCount: Int { get }
    /// Updates `count` weights from their raw gradients `g`.
    func apply(weights w: UnsafeMutablePointer<Float>, gradients g: UnsafePointer<Float>, scale: Float, decay: Float,
               state0: UnsafeMutablePointer<Float>, state1: UnsafeMutablePointer<Float>, count: Int)
}

/// State shared by the optimisers: per-parameter state buffers, the sparse-row scratch, and the
/// step logic (coalesce → norm → clip → weight decay → rule).
final class OptimizerCore {
    /// Global-norm clipping threshold (nil: no clipping).
    var clipNorm: Float?
    /// L2 weight decay λ.
    var weightDecay: Float
    /// Number of updates done.
    var step = 0
    /// Global gradient norm of the last update (before clipping).
    var lastGradientNorm: Float = 0
    var slots: [ParameterSlot] = []

    init(clipNorm: Float?, weightDecay: Float) {
        precondition(clipNorm.map { $0 > 0 } ?? true, "clipNorm must be positive")
        precondition(weightDecay >= 0, "weightDecay must be ≥ 0")
        self.clipNorm = clipNorm; self.weightDecay = weightDecay
    }

    func update<Model: Parameterized, Rule: UpdateRule>(_ model: inout Model, along direction: Model.TangentVector, rule: Rule) {
        step += 1
        var gather = GradientGatherer(core: self, stateCount: rule.stateCount)
        model.visitParameters(&gather, along: direction)
        lastGradientNorm = Float(gather.squaredNorm.squareRoot())
        var scale: Float = 1
        if let clipNorm, lastGradientNorm > clipNorm { scale = clipNorm / (lastGradientNorm + 1e-6) }
        var apply = RuleApplier(core: self, rule: rule, scale: scale, weightDecay: weightDecay)
        model.visitParameters(&apply, along: direction)
    }
}

/// Per-parameter optimiser state, keyed by visiting order.
final class ParameterSlot {
    /// The rule's state (moments, accumulators), `stateCount` values per parameter, zero-initialised.
    /// Laid out per run: an embedding row's first and second state are adjacent (`2·d` floats at
    /// `2·d·row`), so a lazy row update touches one contiguous block instead of two distant ones.
    var state: [Float]
    let stateCount: Int
    let parameterCount: Int
    /// Sparse scratch: for each table row, its position in `rows` this step, or -1.
    var position: [Int32] = []
    /// Distinct rows touched this step and their summed gradients (`rows.count × width`).
    var rows: [Int32] = []
    var rowGradients: [Float] = []
    /// Whether this step's gradient was empty (nothing to do).
    var skip = false

    init(parameterCount: Int, stateCount: Int) {
        self.parameterCount = parameterCount
        self.stateCount = stateCount
        state = [Float](repeating: 0, count: stateCount * parameterCount)
    }
}

extension SIMD8 where Scalar == Float {
    /// Eight floats from `p` (any alignment).
    @inline(__always) static func load(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
    }
    @inline(__always) static func load(_ p: UnsafeMutablePointer<Float>) -> SIMD8<Float> { load(UnsafePointer(p)) }
    /// Writes the eight floats to `p` (any alignment).
    @inline(__always) func store(to p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: self, as: SIMD8<Float>.self)
    }
}
