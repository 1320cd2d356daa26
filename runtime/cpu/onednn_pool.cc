// MaxPool, MaxPoolGrad, AvgPool and AvgPoolGrad on oneDNN's pooling_v2.
// Padding taps never count (max: excluded; avg: pooling_avg_exclude_padding,
// TensorFlow's clipped SAME averages). MaxPoolGrad runs the forward pass
// again for its workspace (where each window's maximum is), then the
// backward pass; like TensorFlow's CPU kernel it finds the maxima in
// orig_input and takes only orig_output's shape. The forward pools run in
// the blocked layout when either side is blocked (a region the compiler
// chose), reordering a plain side at the boundary.
#include "runtime/cpu/internal/onednn_support.h"
#include "runtime/cpu/internal/onednn_window_ops.h"

namespace kiln {
namespace cpu {
namespace {

using dt = dnnl::memory::data_type;

struct PoolCall {
  WindowProblem p;
  bool nchw = false;
  bool max = true;
  bool grad = false;
  WindowLayouts layouts;  // the forward pools only
};

struct CachedPool {
  dnnl::memory::desc x, y, workspace;
  // The forward pass (MaxPool, AvgPool, and MaxPoolGrad's workspace).
  std::optional<dnnl::primitive> forward;
  size_t forward_scratchpad = 0;
  std::optional<dnnl::primitive> backward;
  size_t backward_scratchpad = 0;
  BoundaryReorders boundary;  // the forward pools' layouts and reorders
};

std::shared_ptr<const CachedPool> BuildPool(const PoolCall& call) {
  auto c = std::make_shared<CachedPool>();
  const WindowProblem& p = call.p;
  c->x = InputDesc(p, call.nchw);
  c->y = OutputDesc(p, call.nchw);
  const auto algo = call.max ? dnnl::algorithm::pooling_max
                             : dnnl::algorithm::pooling_avg_exclude_padding;
  const dnnl::memory::dims kernel = {p.k_h, p.k_w}, dilation = {0, 0};
  dnnl::primitive_attr attr;
  attr.set_scratchpad_mode(dnnl::scratchpad_mode::user);
  using fwd = dnnl::pooling_v2_forward;
  const auto prop = call.grad ? dnnl::prop_kind::forward_training
                              : dnnl::prop_kind::forward_inference;
  const WindowLayouts& l = call.layouts;
  const bool blocked_in = l.blocked_in_channels > 0, blocked = l.any();
  const dnnl::memory::desc x_asked =
      blocked ? BlockedDesc(p.batch, p.in_c, p.in_h, p.in_w) : c->x;
  const dnnl::memory::desc y_asked =
      blocked ? BlockedDesc(p.batch, p.out_c, p.out_h, p.out_w) : c->y;
  fwd::primitive_desc fwd_pd(
      fwd::desc(prop, algo, x_asked, y_asked, Strides(p), kernel, dilation,
                PadBefore(p), PadAfter(p)),
      attr, CpuEngine());
  c->boundary = MakeBoundaryReorders(
      blocked_in ? dnnl::memory::desc() : c->x, fwd_pd.src_desc(),
      fwd_pd.dst_desc(), l.blocked_out ? dnnl::memory::desc() : c->y);
  if (!call.grad || call.max) {
    c->forward = fwd(fwd_pd);
    c->forward_scratchpad = fwd_pd.scratchpad_desc().get_size();
    c->workspace = fwd_pd.workspace_desc();
  }
  if (call.grad) {
    using bwd = dnnl::pooling_v2_backward;
    bwd::primitive_desc pd(bwd::desc(algo, c->x, c->y, Strides(p), kernel,
                                     dilation, PadBefore(p), PadAfter(p)),
                           attr, CpuEngine(), fwd_pd);
    c->backward = bwd(pd);
    c->backward_scratchpad = pd.scratchpad_desc().get_size();
  }
  return c;
}

std::shared_ptr<const CachedPool> GetPool(const PoolCall& call) {
  static auto* cache = new PrimitiveCache<CachedPool>();
  std::vector<int64_t> key = ProblemKey(call.p, call.nchw);
  key.insert(key.end(),
             {call.max, call.grad, call.layouts.blocked_in_channels > 0,
              call.layouts.blocked_out});
  std::string bytes;
  AppendKey(&bytes, key);
  return cache->Get(bytes, [&] { return BuildPool(call); });
}

// MaxPoolGrad: forward for the workspace, then backward into dx.
void MaxPoolBackward(const CachedPool& c, const void* x, const void* dy,
                     void* dx) {
  void* y = ThreadBuffer(ThreadBufferSlot::kPoolOutput, c.y.get_size());
  void* workspace =
      ThreadBuffer(ThreadBufferSlot::kPoolWorkspace, c.workspace.get_size());
  ExecuteOnThisThread(*c.forward,
                      {{DNNL_ARG_SRC, Wrap(c.x, x)},
                       {DNNL_ARG_DST, Wrap(c.y, y)},
                       {DNNL_ARG_WORKSPACE, Wrap(c.workspace, workspace)}},
                      c.forward_scratchpad);
  ExecuteOnThisThread(*c.backward,
                      {{DNNL_ARG_DIFF_DST, Wrap(c.y, dy)},
                       {DNNL_ARG_DIFF_SRC, Wrap(c.x, dx)},
                       {DNNL_ARG_WORKSPACE, Wrap(c.workspace, workspace)}},
                      c.backward_scratchpad);
}

}  // namespace

StatusOr<Tensor> RunPoolOp(const std::string& op, const AttrSource& attrs,
                           const std::vector<Tensor>& in,
                           const OutputAllocator& allocate,
                           const WindowLayouts& layouts) {
  if (op == "MaxPoolGradGrad")
    return Unimplemented("no oneDNN MaxPoolGradGrad");
  PoolCall call;
  call.max = op.rfind("MaxPool", 0) == 0;
  call.grad = op == "MaxPoolGrad" || op == "AvgPoolGrad";
  KILN_ASSIGN_OR_RETURN(WindowAttrs w, ParseWindowAttrs(attrs, op, true));
  call.nchw = w.nchw;
  call.layouts = layouts;
  if (layouts.any() && (call.grad || w.nchw)) {
    return InvalidArgument("'" + op + "' takes no blocked layouts here");
  }
  std::vector<int64_t> x_dims;
  if (op == "AvgPoolGrad") {
    KILN_ASSIGN_OR_RETURN(x_dims, SizesInput(in[0], op));
  } else {
    x_dims = LogicalDims(in[0], layouts);
  }
  const Tensor* dy = call.grad ? &in.back() : nullptr;
  KILN_ASSIGN_OR_RETURN(
      call.p,
      MakePoolGeometry(w, x_dims, dy ? &dy->shape().dim_sizes() : nullptr, op));
  if (op == "MaxPoolGrad" && in[1].shape() != dy->shape()) {
    return InvalidArgument("'MaxPoolGrad' grad must have orig_output's shape");
  }
  std::vector<int64_t> out_dims =
      call.grad ? x_dims : WindowOutputDims(call.p, w.nchw);
  if (layouts.blocked_out) out_dims = BlockedDims(out_dims);
  KILN_ASSIGN_OR_RETURN(TensorShape shape, TensorShape::Create(out_dims));
  KILN_ASSIGN_OR_RETURN(Tensor out, allocate(shape));
  std::vector<const Tensor*> operands;
  for (const Tensor& t : in) operands.push_back(&t);
  if (op == "AvgPoolGrad") operands.erase(operands.begin());
  if (FilledEmpty(operands, out)) return out;
  std::shared_ptr<const CachedPool> c = GetPool(call);
  if (op == "MaxPoolGrad") {
    MaxPoolBackward(*c, in[0].raw_data(), dy->raw_data(), out.raw_data());
  } else if (call.grad) {
    ExecuteOnThisThread(*c->backward,
                        {{DNNL_ARG_DIFF_DST, Wrap(c->y, dy->raw_data())},
                         {DNNL_ARG_DIFF_SRC, Wrap(c->x, out.raw_data())}},
                        c->backward_scratchpad);
  } else {
    ExecuteWithBoundaries(
        c->boundary, in[0].raw_data(), out.raw_data(),
        [&](const void* source, void* result) {
          ExecuteOnThisThread(
              *c->forward,
              {{DNNL_ARG_SRC, Wrap(c->boundary.source, source)},
               {DNNL_ARG_DST, Wrap(c->boundary.result, result)}},
              c->forward_scratchpad);
        });
  }
  return out;
}

}  // namespace cpu
}  // namespace kiln
