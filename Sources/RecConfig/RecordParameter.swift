/// A configuration that is itself the value of a parameter: one entry of a list of objects, such as
/// a profile's static attribute features (`{"attribute": "age", "encoding": "buckets", …}`). Its
/// `@Param`s are the object's keys, declared once like any configuration's; the enclosing
/// configuration's `violations()` checks its rules (so a broken entry is reported at its list index).
///
/// ```swift
/// struct Column: RecordParameter {
///     @Param(doc: "column name") var name = ""
///     init() {}
/// }
/// struct TableConfig: Configuration {
///     @Param(doc: "the columns") var columns: [Column] = []
///     init() {}
/// }
/// ```
public protocol RecordParameter: Configuration, ParameterValue {}

extension RecordParameter {
    public static var kind: ParameterKind { .record(parameters) }
    public var parameterValue: ParamValue { .record(values) }
    /// Reads a record; absent keys keep their defaults. The rules are left to the enclosing
    /// configuration, which reports them at the entry's path.
    public init?(parameterValue v: ParamValue) {
        guard let members = v.recordValue, let config = try? Self.decode(members, checkingRules: false) else { return nil }
        self = config
    }
}
