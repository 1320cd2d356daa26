// kiln::function: C++ callables traced into compiled graph functions, the
// counterpart of tf.function.
//
//   Variable w = ...;   // built on any Scope; captured by name
//   Function affine = kiln::function(
//       "affine", [&](const Scope& s, const Output& x) {
//         return ops::MatMul(s, x, w.Read(s));
//       }, options);                             // options.variables: the
//       store
//   KILN_ASSIGN_OR_RETURN(std::vector<Tensor> y, affine({images}));
//   affine.num_traces();                         // 1
//
// A call picks the concrete function of its input signature (each tensor's
// dtype and shape), tracing the callable over Placeholders of that
// signature the first time: the ops it builds form the function's body,
// compiled once (Session) and run for every call with that signature. A new
// signature traces again; the same one never does. With
// options.input_signature (TensorSpecs, -1 dims) there is one polymorphic
// concrete function and a call that does not match it is an error naming
// the argument. Variables (VarHandleOps of other graphs) the callable
// reads or assigns are captured: the body refers to them by shared name,
// and they live in options.variables; variables the callable creates (an
// optimizer's slots, on the first trace) are put there with their initial
// values. As in tf.function, the ops on one
// variable run in the order the callable built them, and every update runs
// on each call (a failed call changes no variable). Each concrete function also
// has TensorFlow's FunctionDef form, captured variables as DT_RESOURCE inputs
// after the arguments (function_def(), library()).
#ifndef KILN_FRONTEND_FUNCTION_FUNCTION_H_
#define KILN_FRONTEND_FUNCTION_FUNCTION_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "frontend/function/tensor_spec.h"
#include "frontend/output.h"
#include "frontend/scope.h"
#include "frontend/session.h"
#include "proto/tensorflow/function.pb.h"

namespace kiln {

struct FunctionOptions {
  // Set: the one signature the function is traced for.
  std::vector<TensorSpec> input_signature;
  // Where captured variables live (null: the function's own store).
  std::shared_ptr<VariableStore> variables;
  SessionOptions session;  // compiler choice and options
};

// One traced signature: the body, its FunctionDef and its compiled form.
class ConcreteFunction {
 public:
  struct Body {
    std::vector<TensorSpec> inputs, outputs;
    tensorflow::GraphDef
        graph;  // Placeholders "args_<i>", Identity "output_<i>"
    tensorflow::FunctionDef function_def;
    std::vector<std::string> captured_variables;  // shared names, in order
    std::vector<std::string> updates;  // variable updates, run every call
    std::unique_ptr<Session> session;
  };
  explicit ConcreteFunction(std::shared_ptr<Body> body)
      : body_(std::move(body)) {}

  // Runs the compiled body; arguments must match inputs().
  StatusOr<std::vector<Tensor>> operator()(
      const std::vector<Tensor>& args) const;
  // A call of this function in the graph `scope` builds: a
  // StatefulPartitionedCall (PartitionedCall when nothing is captured)
  // whose library entry is this FunctionDef (and the ones it calls), with
  // the captured variables' handles after `args`.
  StatusOr<OutputList> Call(const Scope& scope, const OutputList& args) const;
  const std::vector<TensorSpec>& inputs() const { return body_->inputs; }
  const std::vector<TensorSpec>& outputs() const { return body_->outputs; }
  const tensorflow::GraphDef& graph() const { return body_->graph; }
  const tensorflow::FunctionDef& function_def() const {
    return body_->function_def;
  }
  const std::vector<std::string>& captured_variables() const {
    return body_->captured_variables;
  }

 private:
  std::shared_ptr<Body> body_;
};

class Function {
 public:
  using TraceFn =
      std::function<StatusOr<OutputList>(const Scope&, const OutputList&)>;

  Function(std::string name, TraceFn fn, FunctionOptions options = {});

  // Traces (first call of a signature), then runs.
  StatusOr<std::vector<Tensor>> operator()(const std::vector<Tensor>& args);
  // Inside another traced function (or any graph): the concrete function
  // for the arguments' static dtypes and shapes, called there (nested
  // functions become library functions, as in tf.function).
  StatusOr<OutputList> Call(const Scope& scope, const OutputList& args);
  // The concrete function for `specs` (traced when new), or for the
  // input_signature when `specs` is empty.
  StatusOr<ConcreteFunction> GetConcreteFunction(
      const std::vector<TensorSpec>& specs = {});
  int64_t num_traces() const;
  // Every concrete function traced so far, as a graph's function library.
  tensorflow::FunctionDefLibrary library() const;
  VariableStore& variables() { return *options_.variables; }

 private:
  StatusOr<ConcreteFunction> Trace(const std::vector<TensorSpec>& specs);

  std::string name_;
  TraceFn fn_;
  FunctionOptions options_;
  mutable std::mutex mu_;
  std::map<std::string, ConcreteFunction> traces_;  // by signature
  std::vector<ConcreteFunction> order_;             // in trace order
};

namespace internal {

// The callable as a TraceFn: (const Scope&, const OutputList&) or
// (const Scope&, const Output&, ...) returning Output, OutputList or a
// StatusOr of either.
template <typename T>
StatusOr<OutputList> AsOutputList(T result) {
  if constexpr (std::is_same_v<T, Output>) {
    return OutputList{std::move(result)};
  } else if constexpr (std::is_same_v<T, OutputList>) {
    return result;
  } else {
    if (!result.ok()) return result.status();
    return AsOutputList(*std::move(result));
  }
}

template <typename F, size_t... I>
Function::TraceFn Unpacked(F fn, std::index_sequence<I...>) {
  return [fn](const Scope& s, const OutputList& in) -> StatusOr<OutputList> {
    if (in.size() != sizeof...(I)) {
      return InvalidArgument("the function takes " +
                             std::to_string(sizeof...(I)) + " arguments, got " +
                             std::to_string(in.size()));
    }
    return AsOutputList(fn(s, in[I]...));
  };
}

template <typename T>
struct Arity : Arity<decltype(&T::operator())> {};
template <typename C, typename R, typename... A>
struct Arity<R (C::*)(A...) const> {
  static constexpr size_t value = sizeof...(A);
};
template <typename R, typename... A>
struct Arity<R (*)(A...)> {
  static constexpr size_t value = sizeof...(A);
};

}  // namespace internal

template <typename F>
Function function(std::string name, F fn, FunctionOptions options = {}) {
  if constexpr (std::is_invocable_v<F, const Scope&, const OutputList&>) {
    return Function(
        std::move(name),
        [fn](const Scope& s, const OutputList& in) -> StatusOr<OutputList> {
          return internal::AsOutputList(fn(s, in));
        },
        std::move(options));
  } else {
    constexpr size_t n = internal::Arity<F>::value - 1;
    return Function(std::move(name),
                    internal::Unpacked(fn, std::make_index_sequence<n>()),
                    std::move(options));
  }
}

}  // namespace kiln

#endif  // KILN_FRONTEND_FUNCTION_FUNCTION_H_
