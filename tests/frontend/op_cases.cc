// Per-op inputs for all_ops_test.cc.
#include "tests/frontend/op_cases.h"

#include <functional>
#include <map>
#include <string>

#include "frontend/ops/ops.h"
#include "runtime/graph/internal/shape_fns.h"

namespace kiln {
namespace testing {
namespace {

using Rng = std::mt19937;

int64_t Dim(Rng& rng) { return 1 + static_cast<int64_t>(rng() % 6); }
Shape RandomShape(Rng& rng, int rank) {
  std::vector<int64_t> dims(rank);
  for (auto& d : dims) d = Dim(rng);
  return Shape::Of(dims);
}
Output In(const Scope& s, DataType dtype, const Shape& shape) {
  return ops::Placeholder(s, dtype, shape);
}
Output Ints(const Scope& s, std::vector<int32_t> v) {
  return ops::Const(s, v, Shape::Of({static_cast<int64_t>(v.size())}));
}
Output Scalar(const Scope& s, int32_t v) { return ops::Const(s, v); }
tensorflow::AttrValue TypeAttr(DataType t) {
  tensorflow::AttrValue v;
  v.set_type(t);
  return v;
}
tensorflow::AttrValue IntAttr(int64_t i) {
  tensorflow::AttrValue v;
  v.set_i(i);
  return v;
}
tensorflow::AttrValue ShapeAttr(const Shape& shape) {
  tensorflow::AttrValue v;
  *v.mutable_shape() = shape.ToProto();
  return v;
}
std::vector<TensorType> Types(std::vector<TensorType> t) { return t; }

// The dtype the test feeds a type attr: float where allowed, else the first.
DataType Pick(const OpSpec& spec, const std::string& attr_name) {
  const AttrSpec* attr = spec.FindAttr(attr_name);
  if (attr == nullptr || attr->allowed_types.empty()) return DT_FLOAT;
  for (DataType t : attr->allowed_types) {
    if (t == DT_FLOAT) return t;
  }
  return attr->allowed_types[0];
}

// Inputs of one random shape, two per list; required attrs from the shape.
OpCase GenericOpCase(const OpSpec& spec, const Scope& s, Rng& rng) {
  const Shape shape = RandomShape(rng, 1 + rng() % 3);
  OpCase c;
  for (const ArgSpec& arg : spec.inputs) {
    const DataType dtype =
        arg.type_attr.empty() ? arg.type : Pick(spec, arg.type_attr);
    OutputList list;
    for (int k = 0, n = arg.number_attr.empty() ? 1 : 2; k < n; ++k) {
      list.push_back(In(s, dtype, shape));
    }
    c.args.push_back(list);
  }
  for (const AttrSpec& attr : spec.attrs) {
    if (spec.IsDerivedAttr(attr.name) || !attr.default_value.empty()) continue;
    if (attr.kind == AttrKind::kType)
      c.attrs[attr.name] = TypeAttr(Pick(spec, attr.name));
    if (attr.kind == AttrKind::kShape) c.attrs[attr.name] = ShapeAttr(shape);
    if (attr.kind == AttrKind::kInt) c.attrs[attr.name] = IntAttr(2);
  }
  // Element-wise rules the test can predict on its own.
  if (spec.shape_fn == &UnchangedShape ||
      spec.shape_fn == &BroadcastBinaryShape) {
    const ArgSpec& out = spec.outputs[0];
    const DataType dtype = out.type_attr.empty() ? out.type
                           : c.attrs.count(out.type_attr)
                               ? c.attrs[out.type_attr].type()
                               : Pick(spec, out.type_attr);
    c.expected = Types({{dtype, shape}});
  }
  return c;
}

tensorflow::AttrValue IntsAttr(std::vector<int64_t> v) {
  tensorflow::AttrValue a;
  for (int64_t i : v) a.mutable_list()->add_i(i);
  return a;
}
tensorflow::AttrValue StringAttr(const std::string& v) {
  tensorflow::AttrValue a;
  a.set_s(v);
  return a;
}
Output Dims(const Scope& s, const Shape& shape) {
  std::vector<int32_t> v(shape.dims.begin(), shape.dims.end());
  return Ints(s, v);
}

// A 2-D window problem in NHWC: x [n, h, w, c], a k x k window, stride 1
// and VALID for convolutions, a 2 x 2 window with stride 2 and SAME for pools.
struct Window {
  Shape x, filter, conv_out, pool_out;
  Shape depthwise_filter, depthwise_out;  // channel multiplier oc
};
Window RandomWindow(Rng& rng) {
  const int64_t n = Dim(rng), c = Dim(rng), oc = Dim(rng), k = 1 + rng() % 3;
  const int64_t h = k + Dim(rng) - 1, w = k + Dim(rng) - 1;
  return {Shape::Of({n, h, w, c}),
          Shape::Of({k, k, c, oc}),
          Shape::Of({n, h - k + 1, w - k + 1, oc}),
          Shape::Of({n, (h + 1) / 2, (w + 1) / 2, c}),
          Shape::Of({k, k, c, oc}),
          Shape::Of({n, h - k + 1, w - k + 1, c * oc})};
}
std::map<std::string, tensorflow::AttrValue> ConvAttrs() {
  return {{"strides", IntsAttr({1, 1, 1, 1})},
          {"padding", StringAttr("VALID")}};
}
std::map<std::string, tensorflow::AttrValue> PoolAttrs() {
  return {{"ksize", IntsAttr({1, 2, 2, 1})},
          {"strides", IntsAttr({1, 2, 2, 1})},
          {"padding", StringAttr("SAME")}};
}
OpCase PoolCase(const Scope& s, Rng& rng) {
  const Window win = RandomWindow(rng);
  return {{{In(s, DT_FLOAT, win.x)}},
          PoolAttrs(),
          Types({{DT_FLOAT, win.pool_out}})};
}
OpCase MaxPoolGradCase(const Scope& s, Rng& rng, bool grad_grad) {
  const Window win = RandomWindow(rng);
  const Shape& grad = grad_grad ? win.x : win.pool_out;
  const Shape& out = grad_grad ? win.pool_out : win.x;
  return {{{In(s, DT_FLOAT, win.x)},
           {In(s, DT_FLOAT, win.pool_out)},
           {In(s, DT_FLOAT, grad)}},
          PoolAttrs(),
          Types({{DT_FLOAT, out}})};
}

using Recipe = std::function<OpCase(const Scope&, Rng&)>;

// A random op's draw of a [a, b] shape.
OpCase RandomOp(const Scope& s, Rng& rng) {
  const int64_t a = Dim(rng), b = Dim(rng);
  return OpCase{{{Ints(s, {static_cast<int32_t>(a), static_cast<int32_t>(b)})}},
                {{"dtype", TypeAttr(DT_FLOAT)}, {"seed", IntAttr(3)}},
                Types({{DT_FLOAT, Shape::Of({a, b})}})};
}

// AssignAdd/SubVariableOp of a value of the variable's shape.
OpCase VariableUpdate(const Scope& s, Rng& rng) {
  const Shape shape = RandomShape(rng, 2);
  auto var = ops::VarHandleOp(s, DT_FLOAT, shape);
  return OpCase{{{var}, {In(s, DT_FLOAT, shape)}},
                {{"dtype", TypeAttr(DT_FLOAT)}},
                Types({})};
}

OpCase Reduction(const Scope& s, Rng& rng) {
  const int64_t a = Dim(rng), b = Dim(rng), c = Dim(rng);
  return {{{In(s, DT_FLOAT, Shape::Of({a, b, c}))}, {Ints(s, {1})}},
          {},
          Types({{DT_FLOAT, Shape::Of({a, c})}})};
}

const std::map<std::string, Recipe>& Recipes() {
  static const auto* recipes = new std::map<std::string, Recipe>{
      {"Placeholder",
       [](const Scope&, Rng& rng) {
         Shape shape = RandomShape(rng, 2);
         shape.dims[0] = kUnknownDim;
         return OpCase{
             {},
             {{"dtype", TypeAttr(DT_FLOAT)}, {"shape", ShapeAttr(shape)}},
             Types({{DT_FLOAT, shape}})};
       }},
      {"Reshape",
       [](const Scope& s, Rng& rng) {
         const int64_t a = Dim(rng), b = Dim(rng), c = Dim(rng);
         return OpCase{{{In(s, DT_FLOAT, Shape::Of({a, b, c}))},
                        {Ints(s, {static_cast<int32_t>(c), -1})}},
                       {},
                       Types({{DT_FLOAT, Shape::Of({c, a * b})}})};
       }},
      {"Transpose",
       [](const Scope& s, Rng& rng) {
         const int64_t a = Dim(rng), b = Dim(rng), c = Dim(rng);
         return OpCase{
             {{In(s, DT_FLOAT, Shape::Of({a, b, c}))}, {Ints(s, {2, 0, 1})}},
             {},
             Types({{DT_FLOAT, Shape::Of({c, a, b})}})};
       }},
      {"ExpandDims",
       [](const Scope& s, Rng& rng) {
         const int64_t a = Dim(rng), b = Dim(rng);
         return OpCase{{{In(s, DT_FLOAT, Shape::Of({a, b}))}, {Scalar(s, 1)}},
                       {},
                       Types({{DT_FLOAT, Shape::Of({a, 1, b})}})};
       }},
      {"Squeeze",
       [](const Scope& s, Rng& rng) {
         const int64_t a = Dim(rng), b = Dim(rng);
         tensorflow::AttrValue dims;
         dims.mutable_list()->add_i(1);
         return OpCase{{{In(s, DT_FLOAT, Shape::Of({a, 1, b}))}},
                       {{"squeeze_dims", dims}},
                       Types({{DT_FLOAT, Shape::Of({a, b})}})};
       }},
      {"Shape",
       [](const Scope& s, Rng& rng) {
         return OpCase{{{In(s, DT_FLOAT, RandomShape(rng, 3))}},
                       {},
                       Types({{DT_INT32, Shape::Of({3})}})};
       }},
      {"ConcatV2",
       [](const Scope& s, Rng& rng) {
         const int64_t a = Dim(rng), b = Dim(rng), c = Dim(rng);
         return OpCase{{{In(s, DT_FLOAT, Shape::Of({a, b})),
                         In(s, DT_FLOAT, Shape::Of({a, c}))},
                        {Scalar(s, 1)}},
                       {},
                       Types({{DT_FLOAT, Shape::Of({a, b + c})}})};
       }},
      {"Pack",
       [](const Scope& s, Rng& rng) {
         const Shape shape = RandomShape(rng, 2);
         OutputList values(3, In(s, DT_FLOAT, shape));
         return OpCase{
             {values},
             {{"axis", IntAttr(1)}},
             Types({{DT_FLOAT, Shape::Of({shape.dims[0], 3, shape.dims[1]})}})};
       }},
      {"Slice",
       [](const Scope& s, Rng& rng) {
         const int64_t a = Dim(rng), b = Dim(rng), begin = rng() % a;
         return OpCase{{{In(s, DT_FLOAT, Shape::Of({a, b}))},
                        {Ints(s, {static_cast<int32_t>(begin), 0})},
                        {Ints(s, {static_cast<int32_t>(a - begin), -1})}},
                       {},
                       Types({{DT_FLOAT, Shape::Of({a - begin, b})}})};
       }},
      {"StridedSliceGrad",
       [](const Scope& s, Rng& rng) {
         const int64_t a = Dim(rng), b = Dim(rng);
         return OpCase{
             {{Ints(s, {static_cast<int32_t>(a), static_cast<int32_t>(b)})},
              {Ints(s, {0, 0})},
              {Ints(s, {static_cast<int32_t>(a), static_cast<int32_t>(b)})},
              {Ints(s, {1, 2})},
              {In(s, DT_FLOAT, Shape::Of({a, (b + 1) / 2}))}},
             {},
             Types({{DT_FLOAT, Shape::Of({a, b})}})};
       }},
      {"Pad",
       [](const Scope& s, Rng& rng) {
         const int64_t a = Dim(rng), b = Dim(rng);
         return OpCase{{{In(s, DT_FLOAT, Shape::Of({a, b}))},
                        {ops::Const(s, {1, 2, 0, 3}, Shape::Of({2, 2}))}},
                       {},
                       Types({{DT_FLOAT, Shape::Of({a + 3, b + 3})}})};
       }},
      {"StridedSlice",
       [](const Scope& s, Rng& rng) {
         const int64_t a = Dim(rng), b = Dim(rng);
         return OpCase{
             {{In(s, DT_FLOAT, Shape::Of({a, b}))},
              {Ints(s, {0, 0})},
              {Ints(s, {static_cast<int32_t>(a), static_cast<int32_t>(b)})},
              {Ints(s, {1, 2})}},
             {},
             Types({{DT_FLOAT, Shape::Of({a, (b + 1) / 2})}})};
       }},
      {"Fill",
       [](const Scope& s, Rng& rng) {
         const int64_t a = Dim(rng), b = Dim(rng);
         return OpCase{
             {{Ints(s, {static_cast<int32_t>(a), static_cast<int32_t>(b)})},
              {ops::Const(s, 1.5f)}},
             {},
             Types({{DT_FLOAT, Shape::Of({a, b})}})};
       }},
      {"OneHot",
       [](const Scope& s, Rng& rng) {
         const int64_t a = Dim(rng), depth = Dim(rng);
         return OpCase{{{In(s, DT_INT32, Shape::Of({a}))},
                        {Scalar(s, static_cast<int32_t>(depth))},
                        {ops::Const(s, 1.0f)},
                        {ops::Const(s, 0.0f)}},
                       {},
                       Types({{DT_FLOAT, Shape::Of({a, depth})}})};
       }},
      {"VarHandleOp",
       [](const Scope&, Rng& rng) {
         return OpCase{{},
                       {{"dtype", TypeAttr(DT_FLOAT)},
                        {"shape", ShapeAttr(RandomShape(rng, 2))}},
                       Types({{DT_RESOURCE, Shape::Scalar()}})};
       }},
      {"ReadVariableOp",
       [](const Scope& s, Rng& rng) {
         const Shape shape = RandomShape(rng, 2);
         auto var = ops::VarHandleOp(s, DT_FLOAT, shape);
         return OpCase{{{var}},
                       {{"dtype", TypeAttr(DT_FLOAT)}},
                       Types({{DT_FLOAT, shape}})};
       }},
      {"AssignVariableOp",
       [](const Scope& s, Rng& rng) {
         const Shape shape = RandomShape(rng, 2);
         auto var = ops::VarHandleOp(s, DT_FLOAT, shape);
         return OpCase{{{var}, {In(s, DT_FLOAT, shape)}},
                       {{"dtype", TypeAttr(DT_FLOAT)}},
                       Types({})};
       }},
      {"AssignAddVariableOp", VariableUpdate},
      {"AssignSubVariableOp", VariableUpdate},
      {"RandomUniform", RandomOp},
      {"RandomStandardNormal", RandomOp},
      {"TruncatedNormal", RandomOp},
      {"Sum", Reduction},
      {"Mean", Reduction},
      {"Max", Reduction},
      {"Min", Reduction},
      {"Prod", Reduction},
      {"MatMul",
       [](const Scope& s, Rng& rng) {
         const int64_t m = Dim(rng), k = Dim(rng), n = Dim(rng);
         return OpCase{{{In(s, DT_FLOAT, Shape::Of({m, k}))},
                        {In(s, DT_FLOAT, Shape::Of({k, n}))}},
                       {},
                       Types({{DT_FLOAT, Shape::Of({m, n})}})};
       }},
      {"BatchMatMulV2",
       [](const Scope& s, Rng& rng) {
         const int64_t b = Dim(rng), m = Dim(rng), k = Dim(rng), n = Dim(rng);
         return OpCase{{{In(s, DT_FLOAT, Shape::Of({b, m, k}))},
                        {In(s, DT_FLOAT, Shape::Of({1, k, n}))}},
                       {},
                       Types({{DT_FLOAT, Shape::Of({b, m, n})}})};
       }},
      {"Cast",
       [](const Scope& s, Rng& rng) {
         const Shape shape = RandomShape(rng, 2);
         return OpCase{{{In(s, DT_FLOAT, shape)}},
                       {{"DstT", TypeAttr(DT_INT32)}},
                       Types({{DT_INT32, shape}})};
       }},
      {"ArgMax",
       [](const Scope& s, Rng& rng) {
         const int64_t a = Dim(rng), b = Dim(rng);
         return OpCase{{{In(s, DT_FLOAT, Shape::Of({a, b}))}, {Scalar(s, 1)}},
                       {},
                       Types({{DT_INT64, Shape::Of({a})}})};
       }},
      {"BiasAdd",
       [](const Scope& s, Rng& rng) {
         const Shape shape = RandomShape(rng, 3);
         return OpCase{{{In(s, DT_FLOAT, shape)},
                        {In(s, DT_FLOAT, Shape::Of({shape.dims[2]}))}},
                       {},
                       Types({{DT_FLOAT, shape}})};
       }},
      {"SoftmaxCrossEntropyWithLogits",
       [](const Scope& s, Rng& rng) {
         const int64_t b = Dim(rng), c = Dim(rng);
         return OpCase{{{In(s, DT_FLOAT, Shape::Of({b, c}))},
                        {In(s, DT_FLOAT, Shape::Of({b, c}))}},
                       {},
                       Types({{DT_FLOAT, Shape::Of({b})},
                              {DT_FLOAT, Shape::Of({b, c})}})};
       }},
      {"SparseSoftmaxCrossEntropyWithLogits",
       [](const Scope& s, Rng& rng) {
         const int64_t b = Dim(rng), c = Dim(rng);
         return OpCase{{{In(s, DT_FLOAT, Shape::Of({b, c}))},
                        {In(s, DT_INT32, Shape::Of({b}))}},
                       {},
                       Types({{DT_FLOAT, Shape::Of({b})},
                              {DT_FLOAT, Shape::Of({b, c})}})};
       }},
      {"Conv2D",
       [](const Scope& s, Rng& rng) {
         const Window win = RandomWindow(rng);
         return OpCase{
             {{In(s, DT_FLOAT, win.x)}, {In(s, DT_FLOAT, win.filter)}},
             ConvAttrs(),
             Types({{DT_FLOAT, win.conv_out}})};
       }},
      {"Conv2DBackpropInput",
       [](const Scope& s, Rng& rng) {
         const Window win = RandomWindow(rng);
         return OpCase{{{Dims(s, win.x)},
                        {In(s, DT_FLOAT, win.filter)},
                        {In(s, DT_FLOAT, win.conv_out)}},
                       ConvAttrs(),
                       Types({{DT_FLOAT, win.x}})};
       }},
      {"Conv2DBackpropFilter",
       [](const Scope& s, Rng& rng) {
         const Window win = RandomWindow(rng);
         return OpCase{{{In(s, DT_FLOAT, win.x)},
                        {Dims(s, win.filter)},
                        {In(s, DT_FLOAT, win.conv_out)}},
                       ConvAttrs(),
                       Types({{DT_FLOAT, win.filter}})};
       }},
      {"DepthwiseConv2dNative",
       [](const Scope& s, Rng& rng) {
         const Window win = RandomWindow(rng);
         return OpCase{{{In(s, DT_FLOAT, win.x)},
                        {In(s, DT_FLOAT, win.depthwise_filter)}},
                       ConvAttrs(),
                       Types({{DT_FLOAT, win.depthwise_out}})};
       }},
      {"DepthwiseConv2dNativeBackpropInput",
       [](const Scope& s, Rng& rng) {
         const Window win = RandomWindow(rng);
         return OpCase{{{Dims(s, win.x)},
                        {In(s, DT_FLOAT, win.depthwise_filter)},
                        {In(s, DT_FLOAT, win.depthwise_out)}},
                       ConvAttrs(),
                       Types({{DT_FLOAT, win.x}})};
       }},
      {"DepthwiseConv2dNativeBackpropFilter",
       [](const Scope& s, Rng& rng) {
         const Window win = RandomWindow(rng);
         return OpCase{{{In(s, DT_FLOAT, win.x)},
                        {Dims(s, win.depthwise_filter)},
                        {In(s, DT_FLOAT, win.depthwise_out)}},
                       ConvAttrs(),
                       Types({{DT_FLOAT, win.depthwise_filter}})};
       }},
      {"GatherV2",
       [](const Scope& s, Rng& rng) {
         const int64_t a = Dim(rng), b = Dim(rng), n = Dim(rng);
         return OpCase{{{In(s, DT_FLOAT, Shape::Of({a, b}))},
                        {In(s, DT_INT32, Shape::Of({n, 2}))},
                        {Scalar(s, 1)}},
                       {},
                       Types({{DT_FLOAT, Shape::Of({a, n, 2})}})};
       }},
      {"UnsortedSegmentSum",
       [](const Scope& s, Rng& rng) {
         const int64_t a = Dim(rng), b = Dim(rng), k = Dim(rng);
         return OpCase{{{In(s, DT_FLOAT, Shape::Of({a, b}))},
                        {In(s, DT_INT32, Shape::Of({a}))},
                        {Scalar(s, static_cast<int32_t>(k))}},
                       {},
                       Types({{DT_FLOAT, Shape::Of({k, b})}})};
       }},
      {"Tile",
       [](const Scope& s, Rng& rng) {
         const int64_t a = Dim(rng), b = Dim(rng);
         return OpCase{
             {{In(s, DT_FLOAT, Shape::Of({a, b}))}, {Ints(s, {3, 1})}},
             {},
             Types({{DT_FLOAT, Shape::Of({3 * a, b})}})};
       }},
      {"ReverseV2",
       [](const Scope& s, Rng& rng) {
         const Shape shape = RandomShape(rng, 3);
         return OpCase{{{In(s, DT_FLOAT, shape)}, {Ints(s, {0, -1})}},
                       {},
                       Types({{DT_FLOAT, shape}})};
       }},
      {"MirrorPad",
       [](const Scope& s, Rng& rng) {
         const int64_t a = 2 + Dim(rng), b = 2 + Dim(rng);
         return OpCase{{{In(s, DT_FLOAT, Shape::Of({a, b}))},
                        {ops::Const(s, {1, 0, 1, 1}, Shape::Of({2, 2}))}},
                       {{"mode", StringAttr("REFLECT")}},
                       Types({{DT_FLOAT, Shape::Of({a + 1, b + 2})}})};
       }},
      {"MirrorPadGrad",
       [](const Scope& s, Rng& rng) {
         const int64_t a = 2 + Dim(rng), b = 2 + Dim(rng);
         return OpCase{{{In(s, DT_FLOAT, Shape::Of({a + 1, b + 2}))},
                        {ops::Const(s, {1, 0, 1, 1}, Shape::Of({2, 2}))}},
                       {{"mode", StringAttr("SYMMETRIC")}},
                       Types({{DT_FLOAT, Shape::Of({a, b})}})};
       }},
      {"FusedBatchNormV3",
       [](const Scope& s, Rng& rng) {
         const Window win = RandomWindow(rng);
         const Shape c = Shape::Of({win.x.dims[3]});
         return OpCase{{{In(s, DT_FLOAT, win.x)},
                        {In(s, DT_FLOAT, c)},
                        {In(s, DT_FLOAT, c)},
                        {In(s, DT_FLOAT, c)},
                        {In(s, DT_FLOAT, c)}},
                       {},
                       Types({{DT_FLOAT, win.x},
                              {DT_FLOAT, c},
                              {DT_FLOAT, c},
                              {DT_FLOAT, c},
                              {DT_FLOAT, c},
                              {DT_FLOAT, Shape::Of({0})}})};
       }},
      {"FusedBatchNormGradV3",
       [](const Scope& s, Rng& rng) {
         const Window win = RandomWindow(rng);
         const Shape c = Shape::Of({win.x.dims[3]});
         return OpCase{{{In(s, DT_FLOAT, win.x)},
                        {In(s, DT_FLOAT, win.x)},
                        {In(s, DT_FLOAT, c)},
                        {In(s, DT_FLOAT, c)},
                        {In(s, DT_FLOAT, c)},
                        {In(s, DT_FLOAT, Shape::Of({0}))}},
                       {},
                       Types({{DT_FLOAT, win.x},
                              {DT_FLOAT, c},
                              {DT_FLOAT, c},
                              {DT_FLOAT, Shape::Of({0})},
                              {DT_FLOAT, Shape::Of({0})}})};
       }},
      {"ResizeBilinear",
       [](const Scope& s, Rng& rng) {
         const Window win = RandomWindow(rng);
         const Shape& x = win.x;
         return OpCase{
             {{In(s, DT_FLOAT, x)}, {Ints(s, {3, 7})}},
             {},
             Types({{DT_FLOAT, Shape::Of({x.dims[0], 3, 7, x.dims[3]})}})};
       }},
      {"ResizeNearestNeighbor",
       [](const Scope& s, Rng& rng) {
         const Window win = RandomWindow(rng);
         const Shape& x = win.x;
         return OpCase{
             {{In(s, DT_INT32, x)}, {Ints(s, {2, 5})}},
             {},
             Types({{DT_INT32, Shape::Of({x.dims[0], 2, 5, x.dims[3]})}})};
       }},
      {"ResizeBilinearGrad",
       [](const Scope& s, Rng& rng) {
         const Window win = RandomWindow(rng);
         const Shape& x = win.x;
         return OpCase{
             {{In(s, DT_FLOAT, Shape::Of({x.dims[0], 3, 7, x.dims[3]}))},
              {In(s, DT_FLOAT, x)}},
             {},
             Types({{DT_FLOAT, x}})};
       }},
      {"ResizeNearestNeighborGrad",
       [](const Scope& s, Rng& rng) {
         const Window win = RandomWindow(rng);
         const Shape& x = win.x;
         return OpCase{
             {{In(s, DT_FLOAT, Shape::Of({x.dims[0], 3, 7, x.dims[3]}))},
              {Ints(s, {static_cast<int32_t>(x.dims[1]),
                        static_cast<int32_t>(x.dims[2])})}},
             {},
             Types({{DT_FLOAT, x}})};
       }},
      {"ImageProjectiveTransformV3",
       [](const Scope& s, Rng& rng) {
         const Window win = RandomWindow(rng);
         const Shape& x = win.x;
         return OpCase{
             {{In(s, DT_FLOAT, x)},
              {In(s, DT_FLOAT, Shape::Of({x.dims[0], 8}))},
              {Ints(s, {4, 6})},
              {ops::Const(s, 0.0f)}},
             {{"interpolation", StringAttr("BILINEAR")},
              {"fill_mode", StringAttr("WRAP")}},
             Types({{DT_FLOAT, Shape::Of({x.dims[0], 4, 6, x.dims[3]})}})};
       }},
      {"MaxPool", PoolCase},
      {"AvgPool", PoolCase},
      {"MaxPoolGrad",
       [](const Scope& s, Rng& rng) { return MaxPoolGradCase(s, rng, false); }},
      {"MaxPoolGradGrad",
       [](const Scope& s, Rng& rng) { return MaxPoolGradCase(s, rng, true); }},
      {"AvgPoolGrad",
       [](const Scope& s, Rng& rng) {
         const Window win = RandomWindow(rng);
         return OpCase{{{Dims(s, win.x)}, {In(s, DT_FLOAT, win.pool_out)}},
                       PoolAttrs(),
                       Types({{DT_FLOAT, win.x}})};
       }},
  };
  return *recipes;
}

}  // namespace

OpCase MakeOpCase(const OpSpec& spec, const Scope& scope, std::mt19937& rng) {
  auto recipe = Recipes().find(spec.name);
  return recipe != Recipes().end() ? recipe->second(scope, rng)
                                   : GenericOpCase(spec, scope, rng);
}

}  // namespace testing
}  // namespace kiln
