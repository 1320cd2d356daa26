// The op table's shape functions, one per op (or per group of ops sharing
// TensorFlow's rule), and the helpers they share.
//
//   const OpSpec* spec = FindOpSpec("MatMul");  // spec->shape_fn ==
//   MatMulShape KILN_ASSIGN_OR_RETURN(bool transpose_a, GetBoolAttr(ctx,
//   "transpose_a"));
#ifndef KILN_RUNTIME_GRAPH_INTERNAL_SHAPE_FNS_H_
#define KILN_RUNTIME_GRAPH_INTERNAL_SHAPE_FNS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/graph/shape_context.h"

namespace kiln {

// ---- Helpers (shape_fns_common.cc) ----------------------------------------

// The arg name of flattened input `i`: "x", or "values[1]" inside a list.
std::string InputName(const OpSpec& spec, int num_inputs, int i);
inline std::string InputName(const ShapeContext& c, int i) {
  return InputName(c.spec(), c.num_inputs(), i);
}

// Attr values from the node, falling back to the table's default; an error
// naming the op when neither exists.
StatusOr<bool> GetBoolAttr(const ShapeContext& c, std::string_view name);
StatusOr<int64_t> GetIntAttr(const ShapeContext& c, std::string_view name);
StatusOr<std::string> GetStringAttr(const ShapeContext& c,
                                    std::string_view name);
StatusOr<std::vector<int64_t>> GetIntListAttr(const ShapeContext& c,
                                              std::string_view name);

// Parsers for the AttrValue text defaults the table uses: "b: true",
// "i: -1", "f: 0.5", "s: \"NHWC\"", "type: DT_INT32", "list { i: 1 i: 2 }",
// "list { s: \"a\" }", "shape { unknown_rank: true }",
// "shape { dim { size: 2 } }". nullopt when the text is not of that form.
std::optional<bool> ParseBoolDefault(std::string_view text);
std::optional<int64_t> ParseIntDefault(std::string_view text);
std::optional<float> ParseFloatDefault(std::string_view text);
std::optional<std::string> ParseStringDefault(std::string_view text);
std::optional<DataType> ParseTypeDefault(std::string_view text);
std::optional<std::vector<int64_t>> ParseIntListDefault(std::string_view text);
std::optional<std::vector<std::string>> ParseStringListDefault(
    std::string_view text);
std::optional<Shape> ParseShapeDefault(std::string_view text);
// True when `text` parses as a default of `kind`.
bool IsValidDefault(AttrKind kind, std::string_view text);

// Merges two shapes that must be equal; the error says "<what> differ: a vs b".
StatusOr<Shape> MergeShapes(const ShapeContext& c, const Shape& a,
                            const Shape& b, const std::string& what);
// a + b and a * b over dims, unknown (-1) when either is.
int64_t AddDims(int64_t a, int64_t b);
int64_t MultiplyDims(int64_t a, int64_t b);
// Dim `i` of `s` (negative counts from the end), or -1 when the rank is
// unknown.
int64_t DimOrUnknown(const Shape& s, int i);
// A known-rank shape of `rank` unknown dims, or Shape::Unknown() when rank < 0.
Shape UnknownDims(int rank);
// Maps `axis` in [-rank, rank) to [0, rank); an error naming `what` otherwise.
StatusOr<int> CanonicalAxis(const ShapeContext& c, int64_t axis, int rank,
                            const std::string& what);
// The one value of constant input `i` (a scalar or a one-element vector).
std::optional<int64_t> ConstantScalarInput(const ShapeContext& c, int i);
// Output 0 is the shape input `i` (a vector of non-negative sizes) holds;
// unknown dims when it is not a constant.
Status ShapeFromDimsInput(ShapeContext& c, int i);
// "[1,2,3]" for error messages.
std::string ValuesToString(const std::vector<int64_t>& values);

// ---- Shared rules (shape_fns_common.cc) -----------------------------------

// Output 0 has input 0's shape (Identity, Neg, Cast, ...).
Status UnchangedShape(ShapeContext& c);
// Output 0 is the broadcast of inputs 0 and 1 (AddV2, Greater, ...).
Status BroadcastBinaryShape(ShapeContext& c);
// Ops with no outputs, or whose outputs need no shape (NoOp).
Status NoOutputShape(ShapeContext& c);

// ---- base and state (shape_fns_base.cc) -----------------------------------
Status PlaceholderShape(ShapeContext& c);
Status ConstShape(ShapeContext& c);
Status VarHandleOpShape(ShapeContext& c);
Status ReadVariableOpShape(ShapeContext& c);
Status AssignVariableOpShape(ShapeContext& c);

// ---- math (shape_fns_math.cc) ----------------------------------------------
Status EqualShape(ShapeContext& c);
Status MatMulShape(ShapeContext& c);
Status BatchMatMulV2Shape(ShapeContext& c);
Status ReductionShape(ShapeContext& c);  // Sum, Mean, Max, Min, Prod
Status ArgMaxShape(ShapeContext& c);
Status SelectShape(ShapeContext& c);
Status SelectV2Shape(ShapeContext& c);

// ---- array (shape_fns_array.cc; the slices in shape_fns_slice.cc) ---------
Status ReshapeShape(ShapeContext& c);
Status TransposeShape(ShapeContext& c);
Status ConcatV2Shape(ShapeContext& c);
Status PackShape(ShapeContext& c);
Status ExpandDimsShape(ShapeContext& c);
Status SqueezeShape(ShapeContext& c);
Status ShapeShape(ShapeContext& c);
Status FillShape(ShapeContext& c);
Status RandomShape(ShapeContext& c);
Status OneHotShape(ShapeContext& c);
Status SliceShape(ShapeContext& c);
Status StridedSliceShape(ShapeContext& c);
Status StridedSliceGradShape(ShapeContext& c);
Status PadShape(ShapeContext& c);  // Pad, MirrorPad
Status MirrorPadGradShape(ShapeContext& c);

// ---- indexing (shape_fns_gather.cc) ----------------------------------------
Status GatherV2Shape(ShapeContext& c);
Status UnsortedSegmentSumShape(ShapeContext& c);
Status TileShape(ShapeContext& c);
Status ReverseV2Shape(ShapeContext& c);

// ---- nn (shape_fns_nn.cc) --------------------------------------------------
Status BiasAddShape(ShapeContext& c);
Status SoftmaxShape(ShapeContext& c);  // Softmax, LogSoftmax
Status SoftmaxCrossEntropyWithLogitsShape(ShapeContext& c);
Status SparseSoftmaxCrossEntropyWithLogitsShape(ShapeContext& c);

// ---- image resizing (shape_fns_resize.cc) ----------------------------------
Status ResizeShape(ShapeContext& c);  // and ResizeNearestNeighborGrad
Status ResizeBilinearGradShape(ShapeContext& c);
Status ImageProjectiveTransformShape(ShapeContext& c);

// ---- batch norm (shape_fns_batch_norm.cc) ----------------------------------
Status FusedBatchNormShape(ShapeContext& c);
Status FusedBatchNormGradShape(ShapeContext& c);

// ---- convolution and pooling (shape_fns_conv.cc) ---------------------------
Status Conv2DShape(ShapeContext& c);           // Conv2D, DepthwiseConv2dNative
Status ConvBackpropShape(ShapeContext& c);     // sizes from input 0 or 1
Status PoolShape(ShapeContext& c);             // MaxPool, AvgPool
Status MaxPoolGradShape(ShapeContext& c);      // orig_input's shape
Status MaxPoolGradGradShape(ShapeContext& c);  // orig_output's shape
Status AvgPoolGradShape(ShapeContext& c);      // orig_input_shape's values

}  // namespace kiln

#endif  // KILN_RUNTIME_GRAPH_INTERNAL_SHAPE_FNS_H_
