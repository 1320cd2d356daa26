// NodeBuilder: adds one node of any op in Kiln's op table to a Scope's graph.
//
// Every generated ops::* function is a thin call of this builder. It takes
// the inputs per input arg (one Input, or an InputList for a list arg) and
// the attrs the caller chose, then:
//   - turns literal inputs into Const nodes, in the dtype the arg needs;
//   - sets the derived attrs from the inputs (T from dtypes, N from list
//     lengths, Tidx, Tshape, ...) and fills the table's defaults;
//   - runs the table's InferOutputTypes, so each output has a dtype and shape
//     and a bad op fails here, naming the node:
//     "node 'fc' (MatMul): 'MatMul' inner dimensions differ: 3 vs 4";
//   - adds the scope's control dependencies ("^name") and device.
// Errors go to the scope's sticky status; Finalize then returns an invalid
// Operation and nothing is added.
//
//   NodeBuilder b(scope, "MatMul");
//   b.AddInput(a).AddInput(w).Attr("transpose_b", true);
//   Operation op = b.Finalize();
//   if (!op.valid()) return Output();
//   return op.output(0);
#ifndef KILN_FRONTEND_NODE_BUILDER_H_
#define KILN_FRONTEND_NODE_BUILDER_H_

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "frontend/output.h"
#include "frontend/scope.h"
#include "proto/tensorflow/attr_value.pb.h"
#include "runtime/graph/op_spec.h"
#include "runtime/graph/shape_context.h"

namespace kiln {

using AttrValueMap = std::map<std::string, tensorflow::AttrValue>;

class NodeBuilder {
 public:
  // `default_name` names the node when the scope has no op name; the op type
  // when empty.
  NodeBuilder(const Scope& scope, std::string op_type,
              std::string default_name = "");

  // The value of the next input arg of the op, in the op's order.
  NodeBuilder& AddInput(const Input& input);
  NodeBuilder& AddInputList(const InputList& inputs);

  NodeBuilder& Attr(const std::string& name, tensorflow::AttrValue value);
  NodeBuilder& Attr(const std::string& name, bool value);
  NodeBuilder& Attr(const std::string& name, int64_t value);
  NodeBuilder& Attr(const std::string& name, int value) {
    return Attr(name, static_cast<int64_t>(value));
  }
  NodeBuilder& Attr(const std::string& name, float value);
  NodeBuilder& Attr(const std::string& name, DataType value);
  NodeBuilder& Attr(const std::string& name, const std::string& value);
  NodeBuilder& Attr(const std::string& name, const char* value) {
    return Attr(name, std::string(value));
  }
  NodeBuilder& Attr(const std::string& name, const Shape& value);
  NodeBuilder& Attr(const std::string& name,
                    const tensorflow::TensorProto& value);
  NodeBuilder& Attr(const std::string& name,
                    const tensorflow::NameAttrList& value);
  NodeBuilder& Attr(const std::string& name, const std::vector<int64_t>& value);
  NodeBuilder& Attr(const std::string& name, const std::vector<float>& value);
  NodeBuilder& Attr(const std::string& name,
                    const std::vector<DataType>& value);
  NodeBuilder& Attr(const std::string& name,
                    const std::vector<std::string>& value);
  NodeBuilder& Attr(const std::string& name, const std::vector<Shape>& value);

  // Adds the node; an invalid Operation when the scope already failed or this
  // node does not build (the error is then the scope's status).
  Operation Finalize();

  // After Finalize: the outputs of output arg `arg` (several for a list
  // output such as Split's, one otherwise).
  OutputList OutputArg(int arg) const;

 private:
  struct Arg {
    std::vector<Input> inputs;
    bool is_list = false;
  };

  Status Build(Operation* op);
  Status Prefix(const Status& status, const std::string& node_name) const;

  Scope scope_;
  std::string op_type_;
  std::string default_name_;
  std::vector<Arg> args_;
  AttrValueMap attrs_;
  Operation op_;
  std::vector<std::pair<int, int>> output_ranges_;  // per output arg
};

namespace internal {

// Typed reads of an AttrValue for the generated generic builders; false when
// the value has another kind.
bool FromAttrValue(const tensorflow::AttrValue& v, bool* out);
bool FromAttrValue(const tensorflow::AttrValue& v, int64_t* out);
bool FromAttrValue(const tensorflow::AttrValue& v, float* out);
bool FromAttrValue(const tensorflow::AttrValue& v, DataType* out);
bool FromAttrValue(const tensorflow::AttrValue& v, std::string* out);
bool FromAttrValue(const tensorflow::AttrValue& v, Shape* out);
bool FromAttrValue(const tensorflow::AttrValue& v,
                   tensorflow::TensorProto* out);
bool FromAttrValue(const tensorflow::AttrValue& v,
                   tensorflow::NameAttrList* out);
bool FromAttrValue(const tensorflow::AttrValue& v, std::vector<int64_t>* out);
bool FromAttrValue(const tensorflow::AttrValue& v, std::vector<float>* out);
bool FromAttrValue(const tensorflow::AttrValue& v, std::vector<DataType>* out);
bool FromAttrValue(const tensorflow::AttrValue& v,
                   std::vector<std::string>* out);
bool FromAttrValue(const tensorflow::AttrValue& v, std::vector<Shape>* out);

// Reads attr `name` of `op` from `attrs` into `out`. Returns false after
// recording an error in the scope when `required` and missing, or when the
// value has the wrong kind; true (leaving `out` alone) when optional and
// missing.
template <typename T>
bool ReadAttr(const Scope& scope, const std::string& op,
              const AttrValueMap& attrs, const std::string& name, bool required,
              T* out) {
  auto it = attrs.find(name);
  if (it == attrs.end()) {
    if (required) {
      scope.UpdateStatus(
          InvalidArgument("'" + op + "' needs attr '" + name + "'"));
    }
    return !required;
  }
  if (!FromAttrValue(it->second, out)) {
    scope.UpdateStatus(InvalidArgument("attr '" + name + "' of '" + op +
                                       "' has the wrong kind"));
    return false;
  }
  return true;
}

// The one Output of a non-list arg in a generic call; an invalid Output
// (which the builder reports) unless there is exactly one.
inline Input SingleInput(const OutputList& arg) {
  return arg.size() == 1 ? Input(arg[0]) : Input(Output());
}

// Checks that a generic call passed `want` args; records an error if not.
bool CheckArgCount(const Scope& scope, const std::string& op,
                   const std::vector<OutputList>& args, size_t want);

}  // namespace internal
}  // namespace kiln

#endif  // KILN_FRONTEND_NODE_BUILDER_H_
