// Op table, family "array": TensorFlow's array_ops.cc entries that Kiln has.
#include "runtime/graph/internal/op_table.h"
#include "runtime/graph/internal/shape_fns.h"

namespace kiln {
namespace op_table {

namespace {

// `attrs` and StridedSlice's five masks, all 0 by default.
std::vector<AttrSpec> SliceMaskAttrs(std::vector<AttrSpec> attrs) {
  for (const char* mask : {"begin_mask", "end_mask", "ellipsis_mask",
                           "new_axis_mask", "shrink_axis_mask"}) {
    attrs.push_back(IntAttr(mask, 0));
  }
  return attrs;
}

void AddReshapingOps(std::vector<OpSpec>& ops) {
  {
    OpSpec& op = AddOp(ops, "Reshape", "array", ReshapeShape);
    op.summary = "Gives a tensor a new shape with the same elements.";
    op.description = Describe(
        "`shape` is a vector; at most one of its values is -1, inferred from "
        "the element count.",
        R"(%s:2 = "kiln.Const"() {dtype = i32, value = dense<[3, -1]> : tensor<2xi32>} : () -> (tensor<2xi32>, !kiln.control)
%y:2 = "kiln.Reshape"(%x, %s#0) : (tensor<2x3xf32>, tensor<2xi32>) -> (tensor<3x2xf32>, !kiln.control))");
    op.inputs = {Arg("tensor", "T"), Arg("shape", "Tshape")};
    op.outputs = {Arg("output", "T")};
    op.attrs = {TypeAttr("T"), TypeAttr("Tshape", IndexTypes(), DT_INT32)};
  }
  {
    OpSpec& op = AddOp(ops, "Transpose", "array", TransposeShape);
    op.summary = "Permutes the dims of x by perm.";
    op.description = Describe(
        "y.shape[i] = x.shape[perm[i]].",
        R"(%p:2 = "kiln.Const"() {dtype = i32, value = dense<[1, 0]> : tensor<2xi32>} : () -> (tensor<2xi32>, !kiln.control)
%y:2 = "kiln.Transpose"(%x, %p#0) : (tensor<2x3xf32>, tensor<2xi32>) -> (tensor<3x2xf32>, !kiln.control))");
    op.inputs = {Arg("x", "T"), Arg("perm", "Tperm")};
    op.outputs = {Arg("y", "T")};
    op.attrs = {TypeAttr("T"), TypeAttr("Tperm", IndexTypes(), DT_INT32)};
  }
  {
    OpSpec& op = AddOp(ops, "ExpandDims", "array", ExpandDimsShape);
    op.summary = "Inserts a dim of size 1 at index `dim`.";
    op.description = Describe(
        "`dim` is in [-rank - 1, rank]; negative values count from the end.",
        R"(%d:2 = "kiln.Const"() {dtype = i32, value = dense<0> : tensor<i32>} : () -> (tensor<i32>, !kiln.control)
%y:2 = "kiln.ExpandDims"(%x, %d#0) : (tensor<3xf32>, tensor<i32>) -> (tensor<1x3xf32>, !kiln.control))");
    op.inputs = {Arg("input", "T"), Arg("dim", "Tdim")};
    op.outputs = {Arg("output", "T")};
    op.attrs = {TypeAttr("T"),
                TypeAttr("Tdim", {DT_INT16, DT_INT32, DT_INT64}, DT_INT32)};
  }
  {
    OpSpec& op = AddOp(ops, "Squeeze", "array", SqueezeShape);
    op.summary = "Removes dims of size 1.";
    op.description = Describe(
        "Removes the dims listed in squeeze_dims (each must have size 1), or "
        "every size-1 dim when the list is empty.",
        R"(%y:2 = "kiln.Squeeze"(%x) {squeeze_dims = [1]} : (tensor<2x1x3xf32>) -> (tensor<2x3xf32>, !kiln.control))");
    op.inputs = {Arg("input", "T")};
    op.outputs = {Arg("output", "T")};
    op.attrs = {TypeAttr("T"), AttrWithDefault("squeeze_dims",
                                               AttrKind::kListInt, "list { }")};
  }
  {
    OpSpec& op = AddOp(ops, "Shape", "array", ShapeShape);
    op.summary = "Returns the shape of a tensor as a vector.";
    op.description = Describe(
        "The output is a vector of out_type with one value per dim.",
        R"(%s:2 = "kiln.Shape"(%x) {out_type = i32} : (tensor<?x3xf32>) -> (tensor<2xi32>, !kiln.control))");
    op.inputs = {Arg("input", "T")};
    op.outputs = {Arg("output", "out_type")};
    op.attrs = {TypeAttr("T"), TypeAttr("out_type", IndexTypes(), DT_INT32)};
  }
}

void AddJoiningOps(std::vector<OpSpec>& ops) {
  {
    OpSpec& op = AddOp(ops, "ConcatV2", "array", ConcatV2Shape);
    op.summary = "Concatenates tensors along one dimension.";
    op.description = Describe(
        "The N values agree on every dim but `axis` (a scalar input in "
        "[-rank, rank)), along which their sizes add up.",
        R"(%a:2 = "kiln.Const"() {dtype = i32, value = dense<1> : tensor<i32>} : () -> (tensor<i32>, !kiln.control)
%y:2 = "kiln.ConcatV2"(%x0, %x1, %a#0) {operandSegmentSizes = array<i32: 2, 1, 0>} : (tensor<2x3xf32>, tensor<2x5xf32>, tensor<i32>) -> (tensor<2x8xf32>, !kiln.control))");
    op.inputs = {ListArg("values", "N", "T"), Arg("axis", "Tidx")};
    op.outputs = {Arg("output", "T")};
    op.attrs = {RequiredAttr("N", AttrKind::kInt), TypeAttr("T"),
                TypeAttr("Tidx", IndexTypes(), DT_INT32)};
  }
  {
    OpSpec& op = AddOp(ops, "Pack", "array", PackShape);
    op.summary = "Stacks N tensors of one shape into a tensor of rank + 1.";
    op.description = Describe(
        "The new dim, of size N, goes at `axis` in [-rank - 1, rank].",
        R"(%y:2 = "kiln.Pack"(%x0, %x1) {axis = 0 : i64, operandSegmentSizes = array<i32: 2, 0>} : (tensor<3xf32>, tensor<3xf32>) -> (tensor<2x3xf32>, !kiln.control))");
    op.inputs = {ListArg("values", "N", "T")};
    op.outputs = {Arg("output", "T")};
    op.attrs = {RequiredAttr("N", AttrKind::kInt), TypeAttr("T"),
                IntAttr("axis", 0)};
  }
  {
    OpSpec& op = AddOp(ops, "Slice", "array", SliceShape);
    op.summary = "Extracts a slice of `size` elements from `begin`.";
    op.description = Describe(
        "begin and size have one value per dim; a size of -1 takes the rest "
        "of that dim.",
        R"(%y:2 = "kiln.Slice"(%x, %b, %s) : (tensor<4x6xf32>, tensor<2xi32>, tensor<2xi32>) -> (tensor<2x6xf32>, !kiln.control))");
    op.inputs = {Arg("input", "T"), Arg("begin", "Index"),
                 Arg("size", "Index")};
    op.outputs = {Arg("output", "T")};
    op.attrs = {TypeAttr("T"), TypeAttr("Index", IndexTypes())};
  }
  {
    OpSpec& op = AddOp(ops, "StridedSlice", "array", StridedSliceShape);
    op.summary = "Extracts a strided slice, as Python's x[begin:end:stride].";
    op.description = Describe(
        "Bit i of a mask refers to the i-th begin/end/strides value: "
        "begin_mask/end_mask ignore that bound, ellipsis_mask marks `...`, "
        "new_axis_mask inserts a dim of 1 and shrink_axis_mask indexes (and "
        "drops) a dim. x[:, 0] is begin=[0,0], end=[0,1], strides=[1,1], "
        "begin_mask=1, end_mask=1, shrink_axis_mask=2.",
        R"(%y:2 = "kiln.StridedSlice"(%x, %b, %e, %s) {begin_mask = 1 : i64, ellipsis_mask = 0 : i64, end_mask = 1 : i64, new_axis_mask = 0 : i64, shrink_axis_mask = 2 : i64} : (tensor<4x6xf32>, tensor<2xi32>, tensor<2xi32>, tensor<2xi32>) -> (tensor<4xf32>, !kiln.control))");
    op.inputs = {Arg("input", "T"), Arg("begin", "Index"), Arg("end", "Index"),
                 Arg("strides", "Index")};
    op.outputs = {Arg("output", "T")};
    op.attrs = SliceMaskAttrs({TypeAttr("T"),
                               TypeAttr("Index", {DT_INT16, DT_INT32, DT_INT64})});
  }
  {
    OpSpec& op = AddOp(ops, "StridedSliceGrad", "array", StridedSliceGradShape);
    op.summary = "The gradient of StridedSlice: dy scattered into zeros.";
    op.description = Describe(
        "`shape` is StridedSlice's input shape; begin, end, strides and the "
        "masks are StridedSlice's. Elements the slice did not read are 0.",
        R"(%y:2 = "kiln.StridedSliceGrad"(%shape, %b, %e, %s, %dy) {begin_mask = 0 : i64, ellipsis_mask = 0 : i64, end_mask = 0 : i64, new_axis_mask = 0 : i64, shrink_axis_mask = 0 : i64} : (tensor<2xi32>, tensor<2xi32>, tensor<2xi32>, tensor<2xi32>, tensor<2x3xf32>) -> (tensor<4x6xf32>, !kiln.control))");
    op.inputs = {Arg("shape", "Index"), Arg("begin", "Index"),
                 Arg("end", "Index"), Arg("strides", "Index"),
                 Arg("dy", "T")};
    op.outputs = {Arg("output", "T")};
    op.attrs = SliceMaskAttrs({TypeAttr("T"), TypeAttr("Index", IndexTypes())});
  }
  {
    OpSpec& op = AddOp(ops, "Pad", "array", PadShape);
    op.summary = "Pads a tensor with zeros.";
    op.description = Describe(
        "paddings is [rank, 2]: row d holds how many zeros go before and "
        "after dim d.",
        R"(%y:2 = "kiln.Pad"(%x, %p) : (tensor<2x3xf32>, tensor<2x2xi32>) -> (tensor<4x6xf32>, !kiln.control))");
    op.inputs = {Arg("input", "T"), Arg("paddings", "Tpaddings")};
    op.outputs = {Arg("output", "T")};
    op.attrs = {TypeAttr("T"),
                TypeAttr("Tpaddings", IndexTypes(), DT_INT32)};
  }
  for (const bool grad : {false, true}) {
    OpSpec& op = AddOp(ops, grad ? "MirrorPadGrad" : "MirrorPad", "array",
                       grad ? MirrorPadGradShape : PadShape);
    op.summary = grad ? "Folds MirrorPad's gradient back onto its input."
                      : "Pads a tensor with mirrored copies of its edges.";
    op.description = Describe(
        "paddings is [rank, 2]. mode REFLECT mirrors without the edge "
        "(paddings < dim), SYMMETRIC with it (paddings <= dim).",
        grad ? R"(%dx:2 = "kiln.MirrorPadGrad"(%dy, %p) {mode = "REFLECT"} : (tensor<4x6xf32>, tensor<2x2xi32>) -> (tensor<2x3xf32>, !kiln.control))"
             : R"(%y:2 = "kiln.MirrorPad"(%x, %p) {mode = "REFLECT"} : (tensor<2x3xf32>, tensor<2x2xi32>) -> (tensor<4x6xf32>, !kiln.control))");
    op.inputs = {Arg("input", "T"), Arg("paddings", "Tpaddings")};
    op.outputs = {Arg("output", "T")};
    op.attrs = {TypeAttr("T", grad ? NumberTypes() : std::vector<DataType>{}),
                TypeAttr("Tpaddings", IndexTypes(), DT_INT32),
                RequiredAttr("mode", AttrKind::kString)};
  }
}

void AddCreationOps(std::vector<OpSpec>& ops) {
  {
    OpSpec& op = AddOp(ops, "Fill", "array", FillShape);
    op.summary = "Creates a tensor of shape `dims` filled with a scalar.";
    op.description = Describe(
        "`dims` is a vector of non-negative sizes; `value` a scalar.",
        R"(%y:2 = "kiln.Fill"(%dims, %v) : (tensor<2xi32>, tensor<f32>) -> (tensor<2x3xf32>, !kiln.control))");
    op.inputs = {Arg("dims", "index_type"), Arg("value", "T")};
    op.outputs = {Arg("output", "T")};
    op.attrs = {TypeAttr("T"), TypeAttr("index_type", IndexTypes(), DT_INT32)};
  }
  {
    OpSpec& op = AddOp(ops, "ZerosLike", "array", UnchangedShape);
    op.summary = "Returns zeros of x's shape and dtype.";
    op.description = Describe(
        "Only x's shape and dtype matter.",
        R"(%y:2 = "kiln.ZerosLike"(%x) : (tensor<2x3xf32>) -> (tensor<2x3xf32>, !kiln.control))");
    op.inputs = {Arg("x", "T")};
    op.outputs = {Arg("y", "T")};
    op.attrs = {TypeAttr("T")};
  }
  {
    OpSpec& op = AddOp(ops, "OnesLike", "array", UnchangedShape);
    op.summary = "Returns ones of x's shape and dtype.";
    op.description = Describe(
        "Only x's shape and dtype matter.",
        R"(%y:2 = "kiln.OnesLike"(%x) : (tensor<2x3xf32>) -> (tensor<2x3xf32>, !kiln.control))");
    op.inputs = {Arg("x", "T")};
    op.outputs = {Arg("y", "T")};
    op.attrs = {TypeAttr(
        "T", {DT_BFLOAT16, DT_HALF, DT_FLOAT, DT_DOUBLE, DT_INT8, DT_UINT8,
              DT_INT16, DT_UINT16, DT_INT32, DT_UINT32, DT_INT64, DT_UINT64,
              DT_COMPLEX64, DT_COMPLEX128, DT_BOOL})};
  }
  {
    OpSpec& op = AddOp(ops, "OneHot", "array", OneHotShape);
    op.summary = "Returns a one-hot tensor.";
    op.description = Describe(
        "Positions given by `indices` take on_value, all others off_value; "
        "the new dim of size `depth` goes at `axis` (-1: last).",
        R"(%y:2 = "kiln.OneHot"(%i, %depth, %on, %off) {axis = -1 : i64} : (tensor<4xi64>, tensor<i32>, tensor<f32>, tensor<f32>) -> (tensor<4x10xf32>, !kiln.control))");
    op.inputs = {Arg("indices", "TI"), FixedArg("depth", DT_INT32),
                 Arg("on_value", "T"), Arg("off_value", "T")};
    op.outputs = {Arg("output", "T")};
    op.attrs = {
        IntAttr("axis", -1), TypeAttr("T"),
        TypeAttr("TI", {DT_UINT8, DT_INT8, DT_INT32, DT_INT64}, DT_INT64)};
  }
}

void AddIndexingOps(std::vector<OpSpec>& ops) {
  {
    OpSpec& op = AddOp(ops, "GatherV2", "array", GatherV2Shape);
    op.summary = "Gathers slices of params along axis at indices.";
    op.description = Describe(
        "output.shape = params.shape[:axis] + indices.shape[batch_dims:] + "
        "params.shape[axis + 1:]; an index outside [0, params.shape[axis]) "
        "is an error.",
        R"(%a:2 = "kiln.Const"() {dtype = i32, value = dense<0> : tensor<i32>} : () -> (tensor<i32>, !kiln.control)
%y:2 = "kiln.GatherV2"(%table, %ids, %a#0) : (tensor<1000x64xf32>, tensor<8x20xi32>, tensor<i32>) -> (tensor<8x20x64xf32>, !kiln.control))");
    op.inputs = {Arg("params", "Tparams"), Arg("indices", "Tindices"),
                 Arg("axis", "Taxis")};
    op.outputs = {Arg("output", "Tparams")};
    op.attrs = {IntAttr("batch_dims", 0), TypeAttr("Tparams"),
                TypeAttr("Tindices", IndexTypes()),
                TypeAttr("Taxis", IndexTypes())};
  }
  {
    OpSpec& op =
        AddOp(ops, "UnsortedSegmentSum", "math", UnsortedSegmentSumShape);
    op.summary = "Sums the slices of data with the same segment id.";
    op.description = Describe(
        "output[i, ...] = sum of data[j..., ...] where segment_ids[j...] == "
        "i; segments without ids are 0, negative ids are dropped, ids >= "
        "num_segments are an error.",
        R"(%n:2 = "kiln.Const"() {dtype = i32, value = dense<1000> : tensor<i32>} : () -> (tensor<i32>, !kiln.control)
%y:2 = "kiln.UnsortedSegmentSum"(%g, %ids, %n#0) : (tensor<160x64xf32>, tensor<160xi32>, tensor<i32>) -> (tensor<1000x64xf32>, !kiln.control))");
    op.inputs = {Arg("data", "T"), Arg("segment_ids", "Tindices"),
                 Arg("num_segments", "Tnumsegments")};
    op.outputs = {Arg("output", "T")};
    op.attrs = {TypeAttr("T", NumberTypes()),
                TypeAttr("Tindices", IndexTypes()),
                TypeAttr("Tnumsegments", IndexTypes(), DT_INT32)};
  }
  {
    OpSpec& op = AddOp(ops, "Tile", "array", TileShape);
    op.summary = "Repeats the input multiples[i] times along dim i.";
    op.description = Describe(
        "output.shape[i] = input.shape[i] * multiples[i].",
        R"(%m:2 = "kiln.Const"() {dtype = i32, value = dense<[2, 1]> : tensor<2xi32>} : () -> (tensor<2xi32>, !kiln.control)
%y:2 = "kiln.Tile"(%x, %m#0) : (tensor<2x3xf32>, tensor<2xi32>) -> (tensor<4x3xf32>, !kiln.control))");
    op.inputs = {Arg("input", "T"), Arg("multiples", "Tmultiples")};
    op.outputs = {Arg("output", "T")};
    op.attrs = {TypeAttr("T"), TypeAttr("Tmultiples", IndexTypes(), DT_INT32)};
  }
  {
    OpSpec& op = AddOp(ops, "ReverseV2", "array", ReverseV2Shape);
    op.summary = "Reverses the order of elements along the dims in axis.";
    op.description = Describe(
        "axis holds distinct dims (negative from the end).",
        R"(%a:2 = "kiln.Const"() {dtype = i32, value = dense<[2]> : tensor<1xi32>} : () -> (tensor<1xi32>, !kiln.control)
%y:2 = "kiln.ReverseV2"(%x, %a#0) : (tensor<8x28x28x1xf32>, tensor<1xi32>) -> (tensor<8x28x28x1xf32>, !kiln.control))");
    op.inputs = {Arg("tensor", "T"), Arg("axis", "Tidx")};
    op.outputs = {Arg("output", "T")};
    op.attrs = {TypeAttr("Tidx", IndexTypes(), DT_INT32), TypeAttr("T")};
  }
}

}  // namespace

void AddArrayOps(std::vector<OpSpec>& ops) {
  AddReshapingOps(ops);
  AddJoiningOps(ops);
  AddCreationOps(ops);
  AddIndexingOps(ops);
}

}  // namespace op_table
}  // namespace kiln
