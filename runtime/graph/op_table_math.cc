// Op table, family "math": TensorFlow's math_ops.cc entries that Kiln has,
// with their names, attrs, defaults and dtype sets.
#include "runtime/graph/internal/op_table.h"
#include "runtime/graph/internal/shape_fns.h"

namespace kiln {
namespace op_table {

namespace {

struct ElementwiseOp {
  const char* name;
  const char* summary;
  const std::vector<DataType>* types;
  bool commutative;
};

// "x: T" -> "y: T".
void AddUnary(std::vector<OpSpec>& ops, const ElementwiseOp& e) {
  OpSpec& op = AddOp(ops, e.name, "math", UnchangedShape);
  op.summary = e.summary;
  op.description = Describe(
      "Element-wise; the output has the input's shape and dtype.",
      std::string("%y:2 = \"kiln.") + e.name +
          "\"(%x) : (tensor<2x3xf32>) -> (tensor<2x3xf32>, !kiln.control)");
  op.inputs = {Arg("x", "T")};
  op.outputs = {Arg("y", "T")};
  op.attrs = {TypeAttr("T", *e.types)};
}

// "x: T, y: T" -> "z: T", broadcasting.
void AddBinary(std::vector<OpSpec>& ops, const ElementwiseOp& e) {
  OpSpec& op = AddOp(ops, e.name, "math", BroadcastBinaryShape);
  op.summary = e.summary;
  op.description =
      Describe("Element-wise, with NumPy broadcasting of `x` and `y`.",
               std::string("%z:2 = \"kiln.") + e.name +
                   "\"(%x, %y) : (tensor<2x3xf32>, tensor<3xf32>) -> "
                   "(tensor<2x3xf32>, !kiln.control)");
  op.inputs = {Arg("x", "T"), Arg("y", "T")};
  op.outputs = {Arg("z", "T")};
  op.attrs = {TypeAttr("T", *e.types)};
  op.is_commutative = e.commutative;
}

// "x: T, y: T" -> "z: bool", broadcasting.
OpSpec& AddComparison(std::vector<OpSpec>& ops, const ElementwiseOp& e,
                      ShapeFn shape_fn) {
  OpSpec& op = AddOp(ops, e.name, "math", shape_fn);
  op.summary = e.summary;
  op.description =
      Describe("Element-wise, with NumPy broadcasting; the result is bool.",
               std::string("%z:2 = \"kiln.") + e.name +
                   "\"(%x, %y) : (tensor<2x3xf32>, tensor<3xf32>) -> "
                   "(tensor<2x3xi1>, !kiln.control)");
  op.inputs = {Arg("x", "T"), Arg("y", "T")};
  op.outputs = {FixedArg("z", DT_BOOL)};
  op.attrs = {TypeAttr("T", e.types ? *e.types : std::vector<DataType>{})};
  op.is_commutative = e.commutative;
  return op;
}

// "input: T, reduction_indices: Tidx" -> "output: T".
void AddReduction(std::vector<OpSpec>& ops, const char* name,
                  const char* summary, const std::vector<DataType>& types) {
  OpSpec& op = AddOp(ops, name, "math", ReductionShape);
  op.summary = summary;
  op.description = Describe(
      "Reduces `input` along the dims in `reduction_indices` (negative "
      "values count from the end). Unless keep_dims is true the rank drops "
      "by one per reduced dim; with keep_dims they stay, with size 1.",
      std::string("%i:2 = \"kiln.Const\"() {dtype = i32, value = dense<-1> : "
                  "tensor<i32>} : () -> (tensor<i32>, !kiln.control)\n"
                  "%y:2 = \"kiln.") +
          name +
          "\"(%x, %i#0) {keep_dims = false} : (tensor<2x3xf32>, tensor<i32>) "
          "-> (tensor<2xf32>, !kiln.control)");
  op.inputs = {Arg("input", "T"), Arg("reduction_indices", "Tidx")};
  op.outputs = {Arg("output", "T")};
  op.attrs = {BoolAttr("keep_dims", false), TypeAttr("T", types),
              TypeAttr("Tidx", IndexTypes(), DT_INT32)};
}

}  // namespace

void AddMathOps(std::vector<OpSpec>& ops) {
  // TensorFlow's UNARY() set.
  const std::vector<DataType> unary_types = {
      DT_BFLOAT16, DT_HALF,  DT_FLOAT, DT_DOUBLE,    DT_INT8,
      DT_INT16,    DT_INT32, DT_INT64, DT_COMPLEX64, DT_COMPLEX128};
  // UNARY() plus the unsigned ints (Square).
  const std::vector<DataType> square_types = {
      DT_BFLOAT16, DT_HALF,   DT_FLOAT,     DT_DOUBLE,    DT_INT8,
      DT_INT16,    DT_INT32,  DT_INT64,     DT_UINT8,     DT_UINT16,
      DT_UINT32,   DT_UINT64, DT_COMPLEX64, DT_COMPLEX128};
  // TensorFlow's UNARY_COMPLEX() set.
  const std::vector<DataType> unary_complex_types = {
      DT_BFLOAT16, DT_HALF, DT_FLOAT, DT_DOUBLE, DT_COMPLEX64, DT_COMPLEX128};
  // TensorFlow's BINARY_MORE() set (Sub, Mul, RealDiv).
  const std::vector<DataType> binary_more_types = {
      DT_BFLOAT16,  DT_HALF,       DT_FLOAT,  DT_DOUBLE, DT_UINT8,
      DT_INT8,      DT_UINT16,     DT_INT16,  DT_INT32,  DT_INT64,
      DT_COMPLEX64, DT_COMPLEX128, DT_UINT32, DT_UINT64};
  const std::vector<DataType> add_types = {
      DT_BFLOAT16, DT_HALF,   DT_FLOAT,     DT_DOUBLE,    DT_UINT8,
      DT_UINT16,   DT_UINT32, DT_UINT64,    DT_INT8,      DT_INT16,
      DT_INT32,    DT_INT64,  DT_COMPLEX64, DT_COMPLEX128};
  const std::vector<DataType> min_max_types = {
      DT_BFLOAT16, DT_HALF,   DT_FLOAT, DT_DOUBLE, DT_INT8,  DT_UINT8,
      DT_INT16,    DT_UINT16, DT_INT32, DT_UINT32, DT_INT64, DT_UINT64};
  const std::vector<DataType> pow_types = {
      DT_BFLOAT16, DT_FLOAT, DT_HALF,  DT_DOUBLE,    DT_INT8,
      DT_INT16,    DT_INT32, DT_INT64, DT_COMPLEX64, DT_COMPLEX128};
  const std::vector<DataType> matmul_types = {
      DT_BFLOAT16, DT_HALF,  DT_FLOAT,     DT_DOUBLE,
      DT_INT32,    DT_INT64, DT_COMPLEX64, DT_COMPLEX128};
  const std::vector<DataType> batch_matmul_types = {
      DT_BFLOAT16, DT_HALF,  DT_FLOAT,     DT_DOUBLE,    DT_INT16,
      DT_INT32,    DT_INT64, DT_COMPLEX64, DT_COMPLEX128};

  for (const ElementwiseOp& e : std::vector<ElementwiseOp>{
           {"AddV2", "Returns x + y element-wise.", &add_types, true},
           {"Sub", "Returns x - y element-wise.", &binary_more_types, false},
           {"Mul", "Returns x * y element-wise.", &binary_more_types, true},
           {"RealDiv", "Returns x / y element-wise for real types.",
            &binary_more_types, false},
           {"Maximum", "Returns max(x, y) element-wise.", &min_max_types, true},
           {"Minimum", "Returns min(x, y) element-wise.", &min_max_types, true},
           {"Pow", "Returns x ^ y element-wise.", &pow_types, false}}) {
    AddBinary(ops, e);
  }
  for (const ElementwiseOp& e : std::vector<ElementwiseOp>{
           {"Neg", "Computes -x element-wise.", &unary_types, false},
           {"Square", "Computes x * x element-wise.", &square_types, false},
           {"Sqrt", "Computes sqrt(x) element-wise.", &unary_complex_types,
            false},
           {"Rsqrt", "Computes 1 / sqrt(x) element-wise.", &unary_complex_types,
            false},
           {"Exp", "Computes e^x element-wise.", &unary_complex_types, false},
           {"Log", "Computes the natural logarithm of x element-wise.",
            &unary_complex_types, false},
           {"Tanh", "Computes tanh(x) element-wise.", &unary_complex_types,
            false},
           {"Sigmoid", "Computes 1 / (1 + exp(-x)) element-wise.",
            &unary_complex_types, false},
           {"Sin", "Computes sin(x) element-wise.", &unary_complex_types,
            false},
           {"Cos", "Computes cos(x) element-wise.", &unary_complex_types,
            false}}) {
    AddUnary(ops, e);
  }
  {
    OpSpec& op = AddComparison(
        ops,
        {"Equal", "Returns the truth value of (x == y) element-wise.", nullptr,
         true},
        EqualShape);
    // With incompatible_shape_error=false, shapes that do not broadcast give
    // a scalar false instead of an error.
    op.attrs.push_back(BoolAttr("incompatible_shape_error", true));
  }
  AddComparison(ops,
                {"Greater", "Returns the truth value of (x > y) element-wise.",
                 &RealNumberTypes(), false},
                BroadcastBinaryShape);
  AddComparison(ops,
                {"Less", "Returns the truth value of (x < y) element-wise.",
                 &RealNumberTypes(), false},
                BroadcastBinaryShape);
  {
    OpSpec& op = AddOp(ops, "MatMul", "math", MatMulShape);
    op.summary = "Multiplies matrix a by matrix b.";
    op.description = Describe(
        "Computes a * b for rank-2 `a` and `b`, either transposed first. "
        "grad_a and grad_b mark products built by the gradient of another "
        "MatMul.",
        R"(%p:2 = "kiln.MatMul"(%a, %b) {transpose_a = false, transpose_b = true} : (tensor<2x3xf32>, tensor<4x3xf32>) -> (tensor<2x4xf32>, !kiln.control))");
    op.inputs = {Arg("a", "T"), Arg("b", "T")};
    op.outputs = {Arg("product", "T")};
    op.attrs = {BoolAttr("transpose_a", false), BoolAttr("transpose_b", false),
                TypeAttr("T", matmul_types), BoolAttr("grad_a", false),
                BoolAttr("grad_b", false)};
  }
  {
    OpSpec& op = AddOp(ops, "BatchMatMulV2", "math", BatchMatMulV2Shape);
    op.summary = "Multiplies slices of two tensors in batches.";
    op.description = Describe(
        "x is [..., r, c] and y is [..., c, s] (after the optional adjoints); "
        "the batch dims broadcast and the output is [..., r, s].",
        R"(%z:2 = "kiln.BatchMatMulV2"(%x, %y) {adj_x = false, adj_y = false} : (tensor<8x2x3xf32>, tensor<3x4xf32>) -> (tensor<8x2x4xf32>, !kiln.control))");
    op.inputs = {Arg("x", "T"), Arg("y", "T")};
    op.outputs = {Arg("output", "T")};
    op.attrs = {TypeAttr("T", batch_matmul_types), BoolAttr("adj_x", false),
                BoolAttr("adj_y", false), BoolAttr("grad_x", false),
                BoolAttr("grad_y", false)};
  }
  {
    OpSpec& op = AddOp(ops, "Cast", "math", UnchangedShape);
    op.summary = "Casts x from SrcT to DstT.";
    op.description = Describe(
        "Converts each element; with Truncate, float narrowing truncates "
        "instead of rounding.",
        R"(%y:2 = "kiln.Cast"(%x) {DstT = f32, Truncate = false} : (tensor<4xi32>) -> (tensor<4xf32>, !kiln.control))");
    op.inputs = {Arg("x", "SrcT")};
    op.outputs = {Arg("y", "DstT")};
    op.attrs = {TypeAttr("SrcT"), TypeAttr("DstT"),
                BoolAttr("Truncate", false)};
  }
  // Random ops: stateful, reproducible for nonzero seeds.
  const struct {
    const char* name;
    const char* summary;
  } randoms[] = {
      {"RandomUniform", "Uniform random values in [0, 1)."},
      {"RandomStandardNormal", "Normal random values, mean 0, stddev 1."},
      {"TruncatedNormal",
       "Normal random values (mean 0, stddev 1) redrawn beyond 2 stddevs."},
  };
  for (const auto& r : randoms) {
    OpSpec& op = AddOp(ops, r.name, "math", RandomShape);
    op.summary = r.summary;
    op.description = Describe(
        "Each run draws new values: the sequence depends only on seed and "
        "seed2 when either is nonzero (both 0: a random seed).",
        std::string(R"(%y:2 = "kiln.)") + r.name +
            R"("(%shape) {dtype = f32, seed = 7 : i64, seed2 = 0 : i64} : (tensor<2xi32>) -> (tensor<3x4xf32>, !kiln.control))");
    op.inputs = {Arg("shape", "T")};
    op.outputs = {Arg("output", "dtype")};
    op.attrs = {TypeAttr("dtype", FloatTypes()), TypeAttr("T", IndexTypes()),
                IntAttr("seed", 0), IntAttr("seed2", 0)};
    op.is_stateful = true;
  }
  AddReduction(ops, "Sum", "Computes the sum of elements across dimensions.",
               NumberTypes());
  AddReduction(ops, "Mean", "Computes the mean of elements across dimensions.",
               NumberTypes());
  AddReduction(ops, "Max",
               "Computes the maximum of elements across dimensions.",
               RealNumberTypes());
  AddReduction(ops, "Min",
               "Computes the minimum of elements across dimensions.",
               RealNumberTypes());
  AddReduction(ops, "Prod",
               "Computes the product of elements across dimensions.",
               NumberTypes());
  {
    OpSpec& op = AddOp(ops, "ArgMax", "math", ArgMaxShape);
    op.summary = "Returns the index of the largest value along a dimension.";
    op.description = Describe(
        "Reduces `input` along `dimension` (a scalar in [-rank, rank)); ties "
        "give the smallest index.",
        R"(%d:2 = "kiln.Const"() {dtype = i32, value = dense<1> : tensor<i32>} : () -> (tensor<i32>, !kiln.control)
%i:2 = "kiln.ArgMax"(%x, %d#0) {output_type = i64} : (tensor<2x10xf32>, tensor<i32>) -> (tensor<2xi64>, !kiln.control))");
    op.inputs = {Arg("input", "T"), Arg("dimension", "Tidx")};
    op.outputs = {Arg("output", "output_type")};
    op.attrs = {TypeAttr("T", Concat(NumberTypes(), {DT_BOOL})),
                TypeAttr("Tidx", {DT_INT16, DT_INT32, DT_INT64}, DT_INT32),
                TypeAttr("output_type",
                         {DT_INT16, DT_UINT16, DT_INT32, DT_INT64}, DT_INT64)};
  }
  {
    OpSpec& op = AddOp(ops, "Select", "math", SelectShape);
    op.summary = "Chooses elements from t or e by condition.";
    op.description = Describe(
        "t and e have one shape. condition has that shape too, or is a "
        "scalar, or is a vector that picks whole rows of t and e.",
        R"(%y:2 = "kiln.Select"(%c, %t, %e) : (tensor<2xi1>, tensor<2x3xf32>, tensor<2x3xf32>) -> (tensor<2x3xf32>, !kiln.control))");
    op.inputs = {FixedArg("condition", DT_BOOL), Arg("t", "T"), Arg("e", "T")};
    op.outputs = {Arg("output", "T")};
    op.attrs = {TypeAttr("T")};
  }
  {
    OpSpec& op = AddOp(ops, "SelectV2", "math", SelectV2Shape);
    op.summary = "Chooses elements from t or e by condition, broadcasting.";
    op.description = Describe(
        "condition, t and e broadcast together (NumPy rules).",
        R"(%y:2 = "kiln.SelectV2"(%c, %t, %e) : (tensor<2x1xi1>, tensor<3xf32>, tensor<f32>) -> (tensor<2x3xf32>, !kiln.control))");
    op.inputs = {FixedArg("condition", DT_BOOL), Arg("t", "T"), Arg("e", "T")};
    op.outputs = {Arg("output", "T")};
    op.attrs = {TypeAttr("T")};
  }
}

}  // namespace op_table
}  // namespace kiln
