// cond / while_loop / for_range: branches and bodies traced into library
// functions, If/While nodes built directly (their type lists are outside
// the op table's reach).
#include "frontend/function/control_flow.h"

#include "frontend/function/function.h"
#include "frontend/gradients/grad_op.h"
#include "frontend/gradients/gradients.h"
#include "frontend/internal/graph.h"
#include "frontend/ops/const.h"
#include "frontend/ops/ops.h"
#include "frontend/variables/variable_handles.h"
#include "runtime/graph/function_def_graph.h"

namespace kiln {
namespace {

struct Traced {
  std::string name;
  std::vector<TensorSpec> outputs;
  bool stateful = false;
  tensorflow::FunctionDef fdef;
  tensorflow::FunctionDefLibrary nested;  // the functions it calls
  // The variables it reads or assigns through VarHandleOps of its own, as
  // variable-argument specs.
  std::vector<TensorSpec> variables;
};

TensorSpec VariableSpec(const tensorflow::NodeDef& handle) {
  TensorSpec spec(tensorflow::DT_RESOURCE, Shape::Scalar());
  spec.variable = VariableOf(handle);
  auto dtype = handle.attr().find("dtype");
  auto shape = handle.attr().find("shape");
  if (dtype == handle.attr().end())
    dtype = handle.attr().find(kVariableDtypeAttr);
  if (shape == handle.attr().end())
    shape = handle.attr().find(kVariableShapeAttr);
  if (dtype != handle.attr().end()) spec.variable_dtype = dtype->second.type();
  if (shape != handle.attr().end()) {
    spec.variable_shape = Shape::FromProto(shape->second.shape());
  }
  return spec;
}

// Traces `fn` over `specs` into a FunctionDef (not yet in any library).
StatusOr<Traced> Trace(const std::string& name, const GraphFn& fn,
                       const std::vector<TensorSpec>& specs) {
  Function f(name, fn);
  KILN_ASSIGN_OR_RETURN(ConcreteFunction cf, f.GetConcreteFunction(specs));
  std::vector<std::string> args, results, names;
  std::vector<DataType> types;
  for (size_t i = 0; i < specs.size(); ++i) {
    args.push_back("args_" + std::to_string(i));
  }
  Traced out;
  for (size_t i = 0; i < cf.outputs().size(); ++i) {
    results.push_back(cf.outputs()[i].name);
    names.push_back("output_" + std::to_string(i));
    types.push_back(cf.outputs()[i].dtype);
  }
  out.name = cf.function_def().signature().name();
  KILN_ASSIGN_OR_RETURN(out.fdef, GraphToFunctionDef(cf.graph(), out.name, args,
                                                     results, names, types));
  for (const std::string& c : cf.function_def().signature().control_output()) {
    out.fdef.mutable_signature()->add_control_output(c);
    (*out.fdef.mutable_control_ret())[c] = c;
  }
  bool variable_args = false;
  for (const TensorSpec& spec : specs) {
    variable_args = variable_args || !spec.variable.empty();
  }
  out.stateful = !cf.captured_variables().empty() || variable_args;
  out.fdef.mutable_signature()->set_is_stateful(out.stateful);
  out.nested = cf.graph().library();
  out.outputs = cf.outputs();
  for (const tensorflow::NodeDef& node : cf.graph().node()) {
    if (node.op() == "VarHandleOp") out.variables.push_back(VariableSpec(node));
  }
  return out;
}

void Register(const Scope& scope, const Traced& traced) {
  for (const auto& nested : traced.nested.function()) {
    scope.graph()->AddFunction(nested);
  }
  scope.graph()->AddFunction(traced.fdef);
}

// Each tensor's spec; a variable's handle (a VarHandleOp or a variable
// argument) as a variable-argument spec.
std::vector<TensorSpec> SpecsOf(const OutputList& xs) {
  std::vector<TensorSpec> specs;
  for (const Output& x : xs) {
    const tensorflow::NodeDef* node =
        x.dtype() == tensorflow::DT_RESOURCE && x.op().graph_alive()
            ? x.op().graph()->FindNode(x.node_name())
            : nullptr;
    if (node != nullptr && !VariableOf(*node).empty()) {
      specs.push_back(VariableSpec(*node));
    } else {
      specs.push_back(TensorSpec(x.dtype(), x.shape()));
    }
  }
  return specs;
}

// `fn` taking `extra` more arguments it ignores (variable arguments: its
// reads of those variables find them by shared name).
GraphFn IgnoringExtra(GraphFn fn, size_t num_own) {
  return [fn, num_own](const Scope& s,
                       const OutputList& in) -> StatusOr<OutputList> {
    return fn(s, OutputList(in.begin(), in.begin() + num_own));
  };
}

// The handle of the variable `spec` names in `scope`'s graph: the graph's
// own VarHandleOp (or variable argument) when it has one, else a new one.
Output HandleOf(const Scope& scope, const TensorSpec& spec) {
  internal::Graph* graph = scope.graph();
  const tensorflow::GraphDef& def = graph->graph_def();
  for (int i = 0; i < def.node_size(); ++i) {
    if (VariableOf(def.node(i)) == spec.variable) {
      return Operation(def.node(i).name(), def.node(i).op(),
                       graph->output_types(i), graph)
          .output(0);
    }
  }
  return ops::VarHandleOp(scope.WithOpName(spec.variable), spec.variable_dtype,
                          spec.variable_shape,
                          ops::VarHandleOpAttrs().SharedName(spec.variable));
}

// The node, built straight into the graph, and its outputs.
StatusOr<OutputList> AddNode(const Scope& scope, tensorflow::NodeDef node,
                             const OutputList& inputs,
                             const std::vector<TensorType>& types) {
  internal::Graph* graph = scope.graph();
  for (const Output& in : inputs) {
    if (in.op().graph() != graph) {
      return InvalidArgument(node.op() + ": input '" + in.name() +
                             "' belongs to another graph");
    }
    node.add_input(in.name());
  }
  for (const Operation& dep : scope.control_deps())
    node.add_input("^" + dep.name());
  node.set_device(scope.device());
  auto& shapes = *(*node.mutable_attr())["output_shapes"].mutable_list();
  for (const TensorType& t : types) *shapes.add_shape() = t.shape.ToProto();
  graph->AddNode(node, types);
  Operation op(node.name(), node.op(), types, graph);
  OutputList out;
  for (int i = 0; i < op.num_outputs(); ++i) out.push_back(op.output(i));
  return out;
}

void SetTypes(tensorflow::NodeDef* node, const char* attr,
              const std::vector<TensorSpec>& specs) {
  auto& list = *(*node->mutable_attr())[attr].mutable_list();
  for (const TensorSpec& s : specs) list.add_type(s.dtype);
}

// `b` widened where it differs from `a` (a dim that differs is unknown).
Shape Join(const Shape& a, const Shape& b) {
  if (a.unknown_rank || b.unknown_rank || a.dims.size() != b.dims.size()) {
    return Shape::Unknown();
  }
  Shape out = a;
  for (size_t i = 0; i < a.dims.size(); ++i) {
    if (a.dims[i] != b.dims[i]) out.dims[i] = kUnknownDim;
  }
  return out;
}

bool Fits(const Shape& spec, const Shape& got) {
  if (spec.unknown_rank) return true;
  if (got.unknown_rank || got.dims.size() != spec.dims.size()) return false;
  for (size_t i = 0; i < spec.dims.size(); ++i) {
    if (spec.dims[i] != kUnknownDim && spec.dims[i] != got.dims[i])
      return false;
  }
  return true;
}

// `fn`'s vector-Jacobian product as a function of (x..., dy...): the
// gradient of fn's outputs (weighted by dy) with respect to x, zeros where
// an x does not reach them. The forward branch is traced again inside.
GraphFn VectorJacobian(GraphFn fn, size_t num_x) {
  return [fn, num_x](const Scope& s,
                     const OutputList& in) -> StatusOr<OutputList> {
    const OutputList x(in.begin(), in.begin() + num_x);
    const OutputList dy(in.begin() + num_x, in.end());
    KILN_ASSIGN_OR_RETURN(OutputList y, fn(s, x));
    if (y.size() != dy.size()) {
      return Internal("gradient: the function's outputs changed");
    }
    GradientsOptions o;
    o.grad_ys = dy;
    o.unconnected = UnconnectedGradients::kZero;
    OutputList dx;
    KILN_RETURN_IF_ERROR(Gradients(s, y, x, &dx, o));
    // A variable argument no output depends on: zeros of the variable.
    for (size_t i = 0; i < dx.size(); ++i) {
      if (dx[i].valid() || x[i].dtype() != tensorflow::DT_RESOURCE) continue;
      const TensorSpec spec = SpecsOf({x[i]})[0];
      dx[i] =
          ops::ZerosLike(s, ops::ReadVariableOp(s, x[i], spec.variable_dtype));
    }
    return dx;
  };
}

// dy with zeros for the outputs no gradient reached.
OutputList DenseGrads(const Scope& s, const GradOp& op, const OutputList& dy) {
  OutputList out;
  for (int k = 0; k < op.num_outputs(); ++k) {
    out.push_back(dy[k].valid() ? dy[k] : ops::ZerosLike(s, op.output(k)));
  }
  return out;
}

// The gradient of a cond: a cond on the same predicate whose branches are
// the branches' vector-Jacobian products (so it nests to any order).
internal::Graph::NodeGradient CondGradient(GraphFn then_fn, GraphFn else_fn) {
  return [then_fn, else_fn](const Scope& s, const GradOp& op,
                            const OutputList& dy, OutputList* dx) -> Status {
    const OutputList x(op.inputs().begin() + 1, op.inputs().end());
    OutputList all = x;
    for (const Output& g : DenseGrads(s, op, dy)) all.push_back(g);
    KILN_ASSIGN_OR_RETURN(
        OutputList grads,
        cond(s, op.input(0), VectorJacobian(then_fn, x.size()),
             VectorJacobian(else_fn, x.size()), all));
    dx->push_back(Output());  // the predicate
    dx->insert(dx->end(), grads.begin(), grads.end());
    return OkStatus();
  };
}

// Callables kept for gradients are copied (never captured by reference):
// a gradient may be built long after the call that made the node.

// `stack` with `v` appended along a new dim 0.
Output Push(const Scope& s, const Output& stack, const Output& v) {
  return ops::ConcatV2(s, {stack, ops::ExpandDims(s, v, 0)}, ops::Const(s, 0));
}

// The last entry of `stack` (dim 0 dropped) and the stack without it.
std::pair<Output, Output> Pop(const Scope& s, const Output& stack) {
  const Output begin = ops::Const(s, {-1}, Shape::Of({1}));
  const Output zero = ops::Const(s, {0}, Shape::Of({1}));
  const Output one = ops::Const(s, {1}, Shape::Of({1}));
  Output top =
      ops::StridedSlice(s, stack, begin, zero, one,
                        ops::StridedSliceAttrs().EndMask(1).ShrinkAxisMask(1));
  Output rest = ops::StridedSlice(s, stack, zero, begin, one,
                                  ops::StridedSliceAttrs().BeginMask(1));
  return {top, rest};
}

// The gradient of a while_loop with the intermediates stacked: the forward
// loop runs again, pushing each trip's loop values on stacks (one per value,
// dim 0 growing); a reverse loop pops them and applies the body's
// vector-Jacobian product, last trip first. Linear in the trips. Values the
// body passes through unchanged (found when the forward body is traced)
// are not stacked: every trip sees the entry value. Variables (DT_RESOURCE
// loop variables the body passes through) collect the gradient of every
// trip's reads.
internal::Graph::NodeGradient WhileGradient(PredicateFn cond_fn,
                                            GraphFn body_fn) {
  return [cond_fn, body_fn](const Scope& s, const GradOp& op,
                            const OutputList& dy, OutputList* dx) -> Status {
    const OutputList v0 = op.inputs();
    const size_t n = v0.size();
    std::vector<size_t> vals, res;  // positions of values, of variables
    for (size_t k = 0; k < n; ++k) {
      (v0[k].dtype() == tensorflow::DT_RESOURCE ? res : vals).push_back(k);
    }
    const size_t nv = vals.size(), nr = res.size();
    std::vector<TensorSpec> var_specs;
    for (size_t k : res) var_specs.push_back(SpecsOf({v0[k]})[0]);
    auto zeros_of = [&var_specs](const Scope& b, const Output& handle,
                                 size_t r) {
      return ops::ZerosLike(
          b, ops::ReadVariableOp(b, handle, var_specs[r].variable_dtype));
    };
    auto stack_shape = [](const Shape& v) {
      if (v.unknown_rank) return Shape::Unknown();
      std::vector<int64_t> dims = {kUnknownDim};
      dims.insert(dims.end(), v.dims.begin(), v.dims.end());
      return Shape::Of(dims);
    };
    // Forward again: (count, v..., stack per value...).
    OutputList forward = {ops::Const(s, 0)};
    forward.insert(forward.end(), v0.begin(), v0.end());
    WhileOptions invariants;
    invariants.shape_invariants.push_back(Shape::Scalar());
    for (const Output& v : v0) invariants.shape_invariants.push_back(v.shape());
    for (size_t k : vals) {
      forward.push_back(ops::ExpandDims(s, v0[k], 0));
      invariants.shape_invariants.push_back(stack_shape(v0[k].shape()));
    }
    auto passthrough = std::make_shared<std::vector<bool>>(nv, false);
    KILN_ASSIGN_OR_RETURN(
        OutputList stacked,
        while_loop(
            s,
            [cond_fn, n](const Scope& c, const OutputList& v) {
              return cond_fn(c, OutputList(v.begin() + 1, v.begin() + 1 + n));
            },
            [body_fn, n, vals, passthrough](
                const Scope& b, const OutputList& v) -> StatusOr<OutputList> {
              KILN_ASSIGN_OR_RETURN(
                  OutputList next,
                  body_fn(b, OutputList(v.begin() + 1, v.begin() + 1 + n)));
              OutputList out = {ops::AddV2(b, v[0], 1)};
              out.insert(out.end(), next.begin(), next.end());
              for (size_t i = 0; i < vals.size(); ++i) {
                const bool same = next[vals[i]].name() == v[1 + vals[i]].name();
                (*passthrough)[i] = same;
                out.push_back(same ? v[1 + n + i]
                                   : Push(b, v[1 + n + i], next[vals[i]]));
              }
              return out;
            },
            forward, invariants));
    // Reverse: (trips left, handles..., stacks..., dv..., dw...).
    OutputList state = {stacked[0]};
    WhileOptions reverse;
    reverse.shape_invariants.push_back(Shape::Scalar());
    for (size_t k : res) {
      state.push_back(v0[k]);
      reverse.shape_invariants.push_back(Shape::Scalar());
    }
    for (size_t i = 0; i < nv; ++i) {
      state.push_back((*passthrough)[i] ? stacked[1 + n + i]
                                        : Pop(s, stacked[1 + n + i]).second);
      reverse.shape_invariants.push_back(stack_shape(v0[vals[i]].shape()));
    }
    for (size_t k : vals) {
      state.push_back(dy[k].valid() ? dy[k] : ops::ZerosLike(s, op.output(k)));
      reverse.shape_invariants.push_back(v0[k].shape());
    }
    for (size_t r = 0; r < nr; ++r) {
      state.push_back(zeros_of(s, v0[res[r]], r));
      reverse.shape_invariants.push_back(var_specs[r].variable_shape);
    }
    KILN_ASSIGN_OR_RETURN(
        OutputList back,
        while_loop(
            s,
            [](const Scope& c, const OutputList& v) -> StatusOr<Output> {
              return ops::Greater(c, v[0], 0);
            },
            [body_fn, n, vals, res, passthrough](
                const Scope& b, const OutputList& v) -> StatusOr<OutputList> {
              const size_t nv = vals.size(), nr = res.size();
              OutputList inputs(n), rests;
              for (size_t r = 0; r < nr; ++r) inputs[res[r]] = v[1 + r];
              for (size_t i = 0; i < nv; ++i) {
                auto [top, rest] = Pop(b, v[1 + nr + i]);
                inputs[vals[i]] = top;
                // A passed-through value's one entry stays for every trip.
                rests.push_back((*passthrough)[i] ? v[1 + nr + i] : rest);
              }
              KILN_ASSIGN_OR_RETURN(OutputList y, body_fn(b, inputs));
              OutputList y_vals, dv;
              for (size_t i = 0; i < nv; ++i) {
                y_vals.push_back(y[vals[i]]);
                dv.push_back(v[1 + nr + nv + i]);
              }
              GradientsOptions o;
              o.grad_ys = dv;
              o.unconnected = UnconnectedGradients::kZero;
              OutputList g;
              KILN_RETURN_IF_ERROR(Gradients(b, y_vals, inputs, &g, o));
              OutputList next = {ops::Sub(b, v[0], 1)};
              for (size_t r = 0; r < nr; ++r) next.push_back(v[1 + r]);
              next.insert(next.end(), rests.begin(), rests.end());
              for (size_t i = 0; i < nv; ++i) next.push_back(g[vals[i]]);
              for (size_t r = 0; r < nr; ++r) {
                const Output& dw = v[1 + nr + 2 * nv + r];
                const Output& gw = g[res[r]];
                next.push_back(gw.valid() ? ops::AddV2(b, dw, gw) : dw);
              }
              return next;
            },
            state, reverse));
    dx->assign(n, Output());
    for (size_t i = 0; i < nv; ++i) (*dx)[vals[i]] = back[1 + nr + nv + i];
    for (size_t r = 0; r < nr; ++r) (*dx)[res[r]] = back[1 + nr + 2 * nv + r];
    return OkStatus();
  };
}

}  // namespace

StatusOr<OutputList> cond(const Scope& scope, const Output& pred,
                          const GraphFn& then_fn, const GraphFn& else_fn,
                          const OutputList& inputs) {
  KILN_RETURN_IF_ERROR(scope.status());
  if (!pred.valid() || pred.dtype() != DT_BOOL) {
    return InvalidArgument("cond: the predicate must be a bool tensor");
  }
  std::vector<TensorSpec> specs = SpecsOf(inputs);
  KILN_ASSIGN_OR_RETURN(Traced then_f, Trace("cond_true", then_fn, specs));
  KILN_ASSIGN_OR_RETURN(Traced else_f, Trace("cond_false", else_fn, specs));
  // Variables the branches use become arguments (as TensorFlow passes
  // captured resources), so gradients reach them through the cond.
  std::vector<TensorSpec> variables;
  for (const Traced* t : {&then_f, &else_f}) {
    for (const TensorSpec& v : t->variables) {
      bool known = false;
      for (const TensorSpec& w : variables)
        known = known || w.variable == v.variable;
      if (!known) variables.push_back(v);
    }
  }
  GraphFn then_all = then_fn, else_all = else_fn;
  OutputList all_inputs = inputs;
  if (!variables.empty()) {
    then_all = IgnoringExtra(then_fn, inputs.size());
    else_all = IgnoringExtra(else_fn, inputs.size());
    specs.insert(specs.end(), variables.begin(), variables.end());
    for (const TensorSpec& v : variables)
      all_inputs.push_back(HandleOf(scope, v));
    KILN_ASSIGN_OR_RETURN(then_f, Trace("cond_true", then_all, specs));
    KILN_ASSIGN_OR_RETURN(else_f, Trace("cond_false", else_all, specs));
  }
  Register(scope, then_f);
  Register(scope, else_f);
  if (then_f.outputs.size() != else_f.outputs.size()) {
    return InvalidArgument("cond: the true branch returns " +
                           std::to_string(then_f.outputs.size()) +
                           " values, the false branch " +
                           std::to_string(else_f.outputs.size()));
  }
  std::vector<TensorType> types;
  for (size_t i = 0; i < then_f.outputs.size(); ++i) {
    const TensorSpec& a = then_f.outputs[i];
    const TensorSpec& b = else_f.outputs[i];
    if (a.dtype != b.dtype) {
      return InvalidArgument("cond: output " + std::to_string(i) + " is " +
                             a.ToString() + " in the true branch and " +
                             b.ToString() + " in the false branch");
    }
    types.push_back(TensorType{a.dtype, Join(a.shape, b.shape)});
  }
  tensorflow::NodeDef node;
  node.set_name(scope.GetUniqueNameForOp("cond"));
  node.set_op(then_f.stateful || else_f.stateful ? "If" : "StatelessIf");
  (*node.mutable_attr())["Tcond"].set_type(DT_BOOL);
  SetTypes(&node, "Tin", specs);
  SetTypes(&node, "Tout", then_f.outputs);
  (*node.mutable_attr())["then_branch"].mutable_func()->set_name(then_f.name);
  (*node.mutable_attr())["else_branch"].mutable_func()->set_name(else_f.name);
  OutputList all = {pred};
  all.insert(all.end(), all_inputs.begin(), all_inputs.end());
  KILN_ASSIGN_OR_RETURN(OutputList out, AddNode(scope, node, all, types));
  scope.graph()->SetNodeGradient(out[0].node_name(),
                                 CondGradient(then_all, else_all));
  return out;
}

StatusOr<OutputList> while_loop(const Scope& scope, const PredicateFn& cond_fn,
                                const GraphFn& body_fn,
                                const OutputList& loop_vars,
                                const WhileOptions& options) {
  KILN_RETURN_IF_ERROR(scope.status());
  if (options.maximum_iterations) {
    // An int32 counter in front, as TensorFlow adds one.
    const int32_t max = static_cast<int32_t>(*options.maximum_iterations);
    OutputList vars = {ops::Const(scope, 0)};
    vars.insert(vars.end(), loop_vars.begin(), loop_vars.end());
    WhileOptions inner;
    if (!options.shape_invariants.empty()) {
      inner.shape_invariants = {Shape::Scalar()};
      inner.shape_invariants.insert(inner.shape_invariants.end(),
                                    options.shape_invariants.begin(),
                                    options.shape_invariants.end());
    }
    auto rest = [](const OutputList& v) {
      return OutputList(v.begin() + 1, v.end());
    };
    KILN_ASSIGN_OR_RETURN(
        OutputList out,
        while_loop(
            scope,
            [cond_fn, rest, max](const Scope& s,
                                 const OutputList& v) -> StatusOr<Output> {
              KILN_ASSIGN_OR_RETURN(Output go, cond_fn(s, rest(v)));
              return ops::SelectV2(s, ops::Less(s, v[0], max), go,
                                   ops::Const(s, false));
            },
            [body_fn, rest](const Scope& s,
                            const OutputList& v) -> StatusOr<OutputList> {
              KILN_ASSIGN_OR_RETURN(OutputList next, body_fn(s, rest(v)));
              next.insert(next.begin(), ops::AddV2(s, v[0], 1));
              return next;
            },
            vars, inner));
    return rest(out);
  }
  std::vector<TensorSpec> specs = SpecsOf(loop_vars);
  if (!options.shape_invariants.empty()) {
    if (options.shape_invariants.size() != specs.size()) {
      return InvalidArgument(
          "while_loop: " + std::to_string(options.shape_invariants.size()) +
          " shape invariants for " + std::to_string(specs.size()) +
          " loop variables");
    }
    for (size_t i = 0; i < specs.size(); ++i) {
      if (!Fits(options.shape_invariants[i], specs[i].shape)) {
        return InvalidArgument("while_loop: loop variable " +
                               std::to_string(i) + " enters with shape " +
                               specs[i].shape.ToString() +
                               ", outside its invariant " +
                               options.shape_invariants[i].ToString());
      }
      specs[i].shape = options.shape_invariants[i];
    }
  }
  const size_t n = loop_vars.size();
  PredicateFn cond_all = cond_fn;
  GraphFn body_all = body_fn;
  auto as_graph_fn = [](PredicateFn fn) -> GraphFn {
    return [fn](const Scope& s, const OutputList& v) -> StatusOr<OutputList> {
      KILN_ASSIGN_OR_RETURN(Output p, fn(s, v));
      return OutputList{p};
    };
  };
  KILN_ASSIGN_OR_RETURN(Traced c,
                        Trace("while_cond", as_graph_fn(cond_fn), specs));
  KILN_ASSIGN_OR_RETURN(Traced b, Trace("while_body", body_fn, specs));
  // Variables the condition or body use become loop variables the body
  // passes through (TensorFlow's captured resources), so gradients reach
  // them; the caller sees only its own loop variables.
  std::vector<TensorSpec> variables;
  for (const Traced* t : {&c, &b}) {
    for (const TensorSpec& v : t->variables) {
      bool known = false;
      for (const TensorSpec& w : variables)
        known = known || w.variable == v.variable;
      if (!known) variables.push_back(v);
    }
  }
  OutputList all_vars = loop_vars;
  if (!variables.empty()) {
    cond_all = [cond_fn, n](const Scope& s, const OutputList& v) {
      return cond_fn(s, OutputList(v.begin(), v.begin() + n));
    };
    body_all = [body_fn, n](const Scope& s,
                            const OutputList& v) -> StatusOr<OutputList> {
      KILN_ASSIGN_OR_RETURN(OutputList next,
                            body_fn(s, OutputList(v.begin(), v.begin() + n)));
      next.insert(next.end(), v.begin() + n, v.end());
      return next;
    };
    specs.insert(specs.end(), variables.begin(), variables.end());
    for (const TensorSpec& v : variables)
      all_vars.push_back(HandleOf(scope, v));
    KILN_ASSIGN_OR_RETURN(c, Trace("while_cond", as_graph_fn(cond_all), specs));
    KILN_ASSIGN_OR_RETURN(b, Trace("while_body", body_all, specs));
  }
  Register(scope, c);
  Register(scope, b);
  if (c.outputs.size() != 1 || c.outputs[0].dtype != DT_BOOL) {
    return InvalidArgument("while_loop: the condition must return one bool");
  }
  if (b.outputs.size() != specs.size()) {
    return InvalidArgument("while_loop: the body returns " +
                           std::to_string(b.outputs.size()) + " values for " +
                           std::to_string(specs.size()) + " loop variables");
  }
  std::vector<TensorType> types;
  for (size_t i = 0; i < specs.size(); ++i) {
    if (b.outputs[i].dtype != specs[i].dtype ||
        !Fits(specs[i].shape, b.outputs[i].shape)) {
      return InvalidArgument(
          "while_loop: loop variable " + std::to_string(i) + " enters as " +
          specs[i].ToString() + " and leaves the body as " +
          b.outputs[i].ToString() +
          (b.outputs[i].dtype == specs[i].dtype
               ? "; give it a shape invariant with -1 for the dims that change"
               : ""));
    }
    types.push_back(TensorType{specs[i].dtype, specs[i].shape});
  }
  tensorflow::NodeDef node;
  node.set_name(scope.GetUniqueNameForOp("while"));
  node.set_op(c.stateful || b.stateful ? "While" : "StatelessWhile");
  SetTypes(&node, "T", specs);
  (*node.mutable_attr())["cond"].mutable_func()->set_name(c.name);
  (*node.mutable_attr())["body"].mutable_func()->set_name(b.name);
  (*node.mutable_attr())["parallel_iterations"].set_i(10);
  KILN_ASSIGN_OR_RETURN(OutputList out, AddNode(scope, node, all_vars, types));
  scope.graph()->SetNodeGradient(out[0].node_name(),
                                 WhileGradient(cond_all, body_all));
  return OutputList(out.begin(), out.begin() + n);
}

StatusOr<OutputList> for_range(const Scope& scope, const Output& start,
                               const Output& limit, const Output& delta,
                               const GraphFn& body, const OutputList& loop_vars,
                               const WhileOptions& options) {
  OutputList vars = {start, limit, delta};
  vars.insert(vars.end(), loop_vars.begin(), loop_vars.end());
  WhileOptions inner = options;
  if (!options.shape_invariants.empty()) {
    inner.shape_invariants = {Shape::Scalar(), Shape::Scalar(),
                              Shape::Scalar()};
    inner.shape_invariants.insert(inner.shape_invariants.end(),
                                  options.shape_invariants.begin(),
                                  options.shape_invariants.end());
  }
  KILN_ASSIGN_OR_RETURN(
      OutputList out,
      while_loop(
          scope,
          [](const Scope& s, const OutputList& v) -> StatusOr<Output> {
            return ops::SelectV2(
                s, ops::Greater(s, v[2], ops::ZerosLike(s, v[2])),
                ops::Less(s, v[0], v[1]), ops::Greater(s, v[0], v[1]));
          },
          [body](const Scope& s, const OutputList& v) -> StatusOr<OutputList> {
            OutputList args = {v[0]};
            args.insert(args.end(), v.begin() + 3, v.end());
            KILN_ASSIGN_OR_RETURN(OutputList next, body(s, args));
            OutputList all = {ops::AddV2(s, v[0], v[2]), v[1], v[2]};
            all.insert(all.end(), next.begin(), next.end());
            return all;
          },
          vars, inner));
  return OutputList(out.begin() + 3, out.end());
}

}  // namespace kiln
