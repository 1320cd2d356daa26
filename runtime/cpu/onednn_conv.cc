// Conv2D (+ bias + activation), Conv2DBackpropInput and
// Conv2DBackpropFilter on oneDNN. Activations stay in the caller's NHWC or
// NCHW layout, or (the forward pass, inside a region the compiler chose)
// in the blocked layout; the HWIO filter (and the filter gradient) is
// reordered to and from the layout the primitive picks. Groups (input
// depth a multiple of the filter's) map to oneDNN's grouped weights.
#include <cstdlib>
#include <new>

#include "runtime/cpu/internal/onednn_support.h"
#include "runtime/cpu/internal/onednn_window_ops.h"

namespace kiln {
namespace cpu {
namespace {

using dt = dnnl::memory::data_type;

enum class ConvPart { kForward, kInputGrad, kFilterGrad };

struct ConvCall {
  ConvPart part = ConvPart::kForward;
  ConvGeometry g;
  bool has_bias = false;
  Activation activation = Activation::kNone;
  WindowLayouts layouts;  // the forward pass only
};

// TensorFlow's HWIO filter as oneDNN's [(g,) o, i, h, w] weights.
dnnl::memory::desc FilterDesc(const ConvGeometry& g) {
  const WindowProblem& p = g.window;
  const int64_t oc = p.out_c, ic = g.filter_in;
  const int64_t sh = p.k_w * ic * oc, sw = ic * oc;
  if (g.groups == 1) {
    return dnnl::memory::desc({oc, ic, p.k_h, p.k_w}, dt::f32, {1, oc, sh, sw});
  }
  const int64_t per_group = oc / g.groups;
  return dnnl::memory::desc({g.groups, per_group, ic, p.k_h, p.k_w}, dt::f32,
                            {per_group, 1, oc, sh, sw});
}

struct CachedConv {
  dnnl::primitive primitive;
  size_t scratchpad_bytes = 0;
  dnnl::memory::desc x, y, filter, bias;
  // The primitive's weights layout, and the reorder between it and the
  // caller's HWIO (to it for the forward and input-gradient parts, from it
  // for the filter gradient); no reorder when they are the same.
  dnnl::memory::desc weights;
  std::optional<dnnl::reorder> reorder;
  size_t reorder_scratchpad_bytes = 0;
  // The forward pass's source and result layouts and boundary reorders.
  BoundaryReorders boundary;
};

dnnl::primitive_attr UserScratchpad() {
  dnnl::primitive_attr attr;
  attr.set_scratchpad_mode(dnnl::scratchpad_mode::user);
  return attr;
}

void SetReorder(CachedConv& c, bool to_weights) {
  if (c.weights == c.filter) return;
  dnnl::primitive_attr attr = UserScratchpad();
  const dnnl::memory::desc& from = to_weights ? c.filter : c.weights;
  const dnnl::memory::desc& to = to_weights ? c.weights : c.filter;
  dnnl::reorder::primitive_desc pd(CpuEngine(), from, CpuEngine(), to, attr);
  c.reorder_scratchpad_bytes = pd.scratchpad_desc().get_size();
  c.reorder = dnnl::reorder(pd);
}

std::shared_ptr<const CachedConv> BuildConv(const ConvCall& call) {
  auto c = std::make_shared<CachedConv>();
  const WindowProblem& p = call.g.window;
  c->x = InputDesc(p, call.g.nchw);
  c->y = OutputDesc(p, call.g.nchw);
  c->filter = FilterDesc(call.g);
  const dnnl::memory::desc any(c->filter.dims(), dt::f32,
                               dnnl::memory::format_tag::any);
  const dnnl::memory::dims dilation = {p.dilation_h - 1, p.dilation_w - 1};
  const auto algo = dnnl::algorithm::convolution_direct;
  if (call.has_bias) c->bias = dnnl::memory::desc({p.out_c}, dt::f32, {1});
  using fwd = dnnl::convolution_forward;
  // The forward pass keeps nothing for the backward ones (they read x and
  // the filter again), so it runs as inference; the backward passes take a
  // training descriptor as their hint.
  const auto prop = call.part == ConvPart::kForward
                        ? dnnl::prop_kind::forward_inference
                        : dnnl::prop_kind::forward_training;
  const WindowLayouts& l = call.layouts;
  const bool blocked_in = l.blocked_in_channels > 0;
  const dnnl::memory::desc x_asked =
      RequestedLayout(c->x, blocked_in, l.blocked_out);
  const dnnl::memory::desc y_asked =
      RequestedLayout(c->y, l.blocked_out, blocked_in);
  const fwd::desc fwd_desc =
      call.has_bias ? fwd::desc(prop, algo, x_asked, any, c->bias, y_asked,
                                Strides(p), dilation, PadBefore(p), PadAfter(p))
                    : fwd::desc(prop, algo, x_asked, any, y_asked, Strides(p),
                                dilation, PadBefore(p), PadAfter(p));
  dnnl::primitive_attr attr = UserScratchpad();
  dnnl::post_ops ops;
  AppendActivation(call.activation, ops);
  attr.set_post_ops(ops);
  fwd::primitive_desc fwd_pd(fwd_desc, attr, CpuEngine());
  if (call.part == ConvPart::kForward) {
    c->boundary = MakeBoundaryReorders(
        blocked_in ? dnnl::memory::desc() : c->x, fwd_pd.src_desc(),
        fwd_pd.dst_desc(), l.blocked_out ? dnnl::memory::desc() : c->y);
    c->weights = fwd_pd.weights_desc();
    c->scratchpad_bytes = fwd_pd.scratchpad_desc().get_size();
    c->primitive = fwd(fwd_pd);
  } else if (call.part == ConvPart::kInputGrad) {
    using bwd = dnnl::convolution_backward_data;
    bwd::primitive_desc pd(bwd::desc(algo, c->x, any, c->y, Strides(p),
                                     dilation, PadBefore(p), PadAfter(p)),
                           UserScratchpad(), CpuEngine(), fwd_pd);
    c->weights = pd.weights_desc();
    c->scratchpad_bytes = pd.scratchpad_desc().get_size();
    c->primitive = bwd(pd);
  } else {
    using bwd = dnnl::convolution_backward_weights;
    bwd::primitive_desc pd(bwd::desc(algo, c->x, any, c->y, Strides(p),
                                     dilation, PadBefore(p), PadAfter(p)),
                           UserScratchpad(), CpuEngine(), fwd_pd);
    c->weights = pd.diff_weights_desc();
    c->scratchpad_bytes = pd.scratchpad_desc().get_size();
    c->primitive = bwd(pd);
  }
  SetReorder(*c, call.part != ConvPart::kFilterGrad);
  return c;
}

std::shared_ptr<const CachedConv> GetConv(const ConvCall& call) {
  static auto* cache = new PrimitiveCache<CachedConv>();
  std::vector<int64_t> key = ProblemKey(call.g.window, call.g.nchw);
  key.insert(key.end(),
             {static_cast<int64_t>(call.part), call.g.groups, call.has_bias,
              static_cast<int64_t>(call.activation),
              call.layouts.blocked_in_channels > 0, call.layouts.blocked_out});
  std::string bytes;
  AppendKey(&bytes, key);
  return cache->Get(bytes, [&] { return BuildConv(call); });
}

// The constant `filter` in `c`'s weights layout: `packed`'s copy, made on
// first use.
const void* PackedWeights(const CachedConv& c, const void* filter,
                          PackedFilters& packed) {
  PackedFilters::Impl& p = packed.impl();
  std::lock_guard<std::mutex> lock(p.mu);
  for (const PackedFilters::Impl::Copy& copy : p.copies)
    if (copy.layout == c.weights) return copy.data.get();
  void* data = std::aligned_alloc(64, (c.weights.get_size() + 63) / 64 * 64);
  if (data == nullptr) throw std::bad_alloc();
  std::shared_ptr<void> owned(data, std::free);
  ExecuteOnThisThread(*c.reorder,
                      {{DNNL_ARG_FROM, Wrap(c.filter, filter)},
                       {DNNL_ARG_TO, Wrap(c.weights, data)}},
                      c.reorder_scratchpad_bytes);
  p.copies.push_back({c.weights, std::move(owned)});
  return data;
}

// x, filter and y buffers in the caller's layouts (one of them written);
// `packed` (may be null) keeps a constant filter's reordered copies.
void ExecuteConv(const ConvCall& call, const void* x, const void* filter,
                 const void* y, const void* bias,
                 PackedFilters* packed = nullptr) {
  std::shared_ptr<const CachedConv> c = GetConv(call);
  const void* weights = filter;
  const bool filter_grad = call.part == ConvPart::kFilterGrad;
  if (c->reorder && packed != nullptr && !filter_grad) {
    weights = PackedWeights(*c, filter, *packed);
  } else if (c->reorder) {
    weights =
        ThreadBuffer(ThreadBufferSlot::kStagedWeights, c->weights.get_size());
    if (!filter_grad) {
      ExecuteOnThisThread(*c->reorder,
                          {{DNNL_ARG_FROM, Wrap(c->filter, filter)},
                           {DNNL_ARG_TO, Wrap(c->weights, weights)}},
                          c->reorder_scratchpad_bytes);
    }
  }
  std::unordered_map<int, dnnl::memory> args;
  switch (call.part) {
    case ConvPart::kForward:
      ExecuteWithBoundaries(
          c->boundary, x, const_cast<void*>(y),
          [&](const void* source, void* result) {
            std::unordered_map<int, dnnl::memory> a = {
                {DNNL_ARG_SRC, Wrap(c->boundary.source, source)},
                {DNNL_ARG_WEIGHTS, Wrap(c->weights, weights)},
                {DNNL_ARG_DST, Wrap(c->boundary.result, result)}};
            if (bias != nullptr) a.emplace(DNNL_ARG_BIAS, Wrap(c->bias, bias));
            ExecuteOnThisThread(c->primitive, std::move(a),
                                c->scratchpad_bytes);
          });
      return;
    case ConvPart::kInputGrad:
      args = {{DNNL_ARG_DIFF_SRC, Wrap(c->x, x)},
              {DNNL_ARG_WEIGHTS, Wrap(c->weights, weights)},
              {DNNL_ARG_DIFF_DST, Wrap(c->y, y)}};
      break;
    case ConvPart::kFilterGrad:
      args = {{DNNL_ARG_SRC, Wrap(c->x, x)},
              {DNNL_ARG_DIFF_WEIGHTS, Wrap(c->weights, weights)},
              {DNNL_ARG_DIFF_DST, Wrap(c->y, y)}};
      break;
  }
  ExecuteOnThisThread(c->primitive, std::move(args), c->scratchpad_bytes);
  if (c->reorder && filter_grad) {
    ExecuteOnThisThread(*c->reorder,
                        {{DNNL_ARG_FROM, Wrap(c->weights, weights)},
                         {DNNL_ARG_TO, Wrap(c->filter, filter)}},
                        c->reorder_scratchpad_bytes);
  }
}

StatusOr<TensorShape> ShapeOf(const std::vector<int64_t>& dims) {
  return TensorShape::Create(dims);
}

// Conv2D or DepthwiseConv2dNative (`op`), + bias + activation, with x and
// the result plain or blocked as `layouts` says.
StatusOr<Tensor> FusedConv(const std::string& op, const WindowAttrs& w,
                           const Tensor& x, const Tensor& filter,
                           const Tensor* bias, Activation activation,
                           const OutputAllocator& allocate,
                           const WindowLayouts& layouts,
                           PackedFilters* packed) {
  ConvCall call;
  call.layouts = layouts;
  if (layouts.any() && w.nchw) {
    return InvalidArgument("blocked layouts need NHWC '" + op + "'");
  }
  KILN_ASSIGN_OR_RETURN(
      call.g, MakeConvGeometry(w, LogicalDims(x, layouts),
                               filter.shape().dim_sizes(), nullptr, op));
  if (bias != nullptr &&
      (bias->dims() != 1 || bias->dim_size(0) != call.g.window.out_c)) {
    return InvalidArgument("'Conv2D' bias must be [" +
                           std::to_string(call.g.window.out_c) + "], not " +
                           bias->shape().ToString());
  }
  call.has_bias = bias != nullptr;
  call.activation = activation;
  std::vector<int64_t> y_dims = WindowOutputDims(call.g.window, w.nchw);
  if (layouts.blocked_out) y_dims = BlockedDims(y_dims);
  KILN_ASSIGN_OR_RETURN(TensorShape shape, ShapeOf(y_dims));
  KILN_ASSIGN_OR_RETURN(Tensor y, allocate(shape));
  if (FilledEmpty({&x, &filter}, y)) return y;
  ExecuteConv(call, x.raw_data(), filter.raw_data(), y.raw_data(),
              bias != nullptr ? bias->raw_data() : nullptr, packed);
  return y;
}

}  // namespace

StatusOr<Tensor> RunConvOp(const std::string& op, const AttrSource& attrs,
                           const std::vector<Tensor>& in,
                           const OutputAllocator& allocate,
                           const WindowLayouts& layouts,
                           PackedFilters* packed) {
  KILN_ASSIGN_OR_RETURN(WindowAttrs w, ParseWindowAttrs(attrs, op, false));
  ConvCall call;
  if (op == "Conv2D" || op == "DepthwiseConv2dNative") {
    return FusedConv(op, w, in[0], in[1], nullptr, Activation::kNone, allocate,
                     layouts, packed);
  }
  if (layouts.any()) {
    return InvalidArgument("'" + op + "' takes no blocked layouts");
  }
  const bool input_grad = op.find("BackpropInput") != std::string::npos;
  call.part = input_grad ? ConvPart::kInputGrad : ConvPart::kFilterGrad;
  KILN_ASSIGN_OR_RETURN(std::vector<int64_t> sizes,
                        SizesInput(in[input_grad ? 0 : 1], op));
  const Tensor& dy = in[2];
  const Tensor& given = in[input_grad ? 1 : 0];  // the filter, or x
  const std::vector<int64_t>& x_dims =
      input_grad ? sizes : given.shape().dim_sizes();
  const std::vector<int64_t>& f_dims =
      input_grad ? given.shape().dim_sizes() : sizes;
  KILN_ASSIGN_OR_RETURN(
      call.g, MakeConvGeometry(w, x_dims, f_dims, &dy.shape().dim_sizes(), op));
  KILN_ASSIGN_OR_RETURN(TensorShape shape, ShapeOf(sizes));
  KILN_ASSIGN_OR_RETURN(Tensor out, allocate(shape));
  if (FilledEmpty({&given, &dy}, out)) return out;
  if (input_grad) {
    ExecuteConv(call, out.raw_data(), given.raw_data(), dy.raw_data(), nullptr);
  } else {
    ExecuteConv(call, given.raw_data(), out.raw_data(), dy.raw_data(), nullptr);
  }
  return out;
}

StatusOr<Tensor> RunFusedConv2D(const AttrSource& attrs, const Tensor& x,
                                const Tensor& filter, const Tensor* bias,
                                Activation activation,
                                const OutputAllocator& allocate,
                                const WindowLayouts& layouts,
                                PackedFilters* packed) {
  if (x.dtype() != tensorflow::DT_FLOAT) {
    return Unimplemented("oneDNN Conv2D runs float only");
  }
  try {
    KILN_ASSIGN_OR_RETURN(WindowAttrs w,
                          ParseWindowAttrs(attrs, "Conv2D", false));
    return FusedConv("Conv2D", w, x, filter, bias, activation, allocate,
                     layouts, packed);
  } catch (const dnnl::error& e) {
    return Unimplemented(std::string("oneDNN Conv2D: ") + e.what());
  } catch (const std::bad_alloc&) {
    return ResourceExhausted("oneDNN Conv2D: out of memory");
  }
}

}  // namespace cpu
}  // namespace kiln
