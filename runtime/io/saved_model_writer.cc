// SavedModel directories TensorFlow loads: the graph with TensorFlow 1's
// save/restore nodes, the signature, the variables as a V2 checkpoint.
#include "runtime/io/saved_model_writer.h"

#include <unistd.h>

#include <filesystem>

#include "proto/tensorflow/saved_model.pb.h"
#include "runtime/graph/graph_shapes.h"
#include "runtime/graph/graph_view.h"
#include "runtime/graph/variable_name.h"
#include "runtime/io/checkpoint_writer.h"
#include "runtime/io/file_util.h"

namespace kiln {
namespace {

namespace fs = std::filesystem;

tensorflow::NodeDef Node(const std::string& name, const std::string& op,
                         std::vector<std::string> inputs) {
  tensorflow::NodeDef node;
  node.set_name(name);
  node.set_op(op);
  for (std::string& input : inputs) node.add_input(std::move(input));
  return node;
}

void SetType(tensorflow::NodeDef& node, const std::string& attr,
             tensorflow::DataType dtype) {
  (*node.mutable_attr())[attr].set_type(dtype);
}

void SetTypes(tensorflow::NodeDef& node,
              const std::vector<tensorflow::DataType>& dtypes) {
  auto* list = (*node.mutable_attr())["dtypes"].mutable_list();
  for (tensorflow::DataType dtype : dtypes) list->add_type(dtype);
}

tensorflow::NodeDef StringConst(const std::string& name,
                                const std::vector<std::string>& values,
                                bool scalar = false) {
  tensorflow::NodeDef node = Node(name, "Const", {});
  SetType(node, "dtype", tensorflow::DT_STRING);
  tensorflow::TensorProto& tensor =
      *(*node.mutable_attr())["value"].mutable_tensor();
  tensor.set_dtype(tensorflow::DT_STRING);
  if (!scalar)
    tensor.mutable_tensor_shape()->add_dim()->set_size(values.size());
  for (const std::string& value : values) tensor.add_string_val(value);
  return node;
}

// The VarHandleOp of each variable, by shared_name (or node name).
StatusOr<std::vector<std::string>> HandleNodes(const SavedModelExport& model) {
  std::map<std::string, std::string> handles;
  for (const tensorflow::NodeDef& node : model.graph.node()) {
    if (node.op() != "VarHandleOp") continue;
    handles.emplace(VariableSharedName(node), node.name());
  }
  std::vector<std::string> nodes;
  for (const auto& [name, value] : model.variables) {
    auto it = handles.find(name);
    if (it == handles.end())
      return InvalidArgument("variable '" + name +
                             "' has no VarHandleOp in the graph");
    nodes.push_back(it->second);
  }
  return nodes;
}

// TensorFlow 1's Saver nodes ("save/..."), as tf.compat.v1.train.Saver
// builds them for resource variables; returns the SaverDef naming them.
StatusOr<tensorflow::SaverDef> AddSaver(const SavedModelExport& model,
                                        tensorflow::GraphDef& graph) {
  KILN_ASSIGN_OR_RETURN(std::vector<std::string> handles, HandleNodes(model));
  std::vector<std::string> names;
  std::vector<tensorflow::DataType> dtypes;
  for (const auto& [name, value] : model.variables) {
    names.push_back(name);
    dtypes.push_back(value.dtype());
  }
  *graph.add_node() = StringConst("save/Const", {"model"}, /*scalar=*/true);
  const std::vector<std::string> slices(names.size(), "");
  for (const char* kind : {"SaveV2", "RestoreV2"}) {
    const std::string prefix = std::string("save/") + kind;
    *graph.add_node() = StringConst(prefix + "/tensor_names", names);
    *graph.add_node() = StringConst(prefix + "/shape_and_slices", slices);
  }
  tensorflow::NodeDef save = Node("save/SaveV2", "SaveV2",
                                  {"save/Const", "save/SaveV2/tensor_names",
                                   "save/SaveV2/shape_and_slices"});
  tensorflow::NodeDef restore_all = Node("save/restore_all", "NoOp", {});
  for (size_t i = 0; i < handles.size(); ++i) {
    const std::string k = std::to_string(i);
    tensorflow::NodeDef read = Node("save/Read_" + k + "/ReadVariableOp",
                                    "ReadVariableOp", {handles[i]});
    SetType(read, "dtype", dtypes[i]);
    save.add_input(read.name());
    *graph.add_node() = read;
    tensorflow::NodeDef value =
        Node("save/Identity_" + k, "Identity", {"save/RestoreV2:" + k});
    SetType(value, "T", dtypes[i]);
    tensorflow::NodeDef assign =
        Node("save/AssignVariableOp_" + k, "AssignVariableOp",
             {handles[i], value.name()});
    SetType(assign, "dtype", dtypes[i]);
    restore_all.add_input("^" + assign.name());
    *graph.add_node() = value;
    *graph.add_node() = assign;
  }
  SetTypes(save, dtypes);
  *graph.add_node() = save;
  tensorflow::NodeDef saved = Node("save/control_dependency", "Identity",
                                   {"save/Const", "^save/SaveV2"});
  SetType(saved, "T", tensorflow::DT_STRING);
  *graph.add_node() = saved;
  tensorflow::NodeDef restore =
      Node("save/RestoreV2", "RestoreV2",
           {"save/Const", "save/RestoreV2/tensor_names",
            "save/RestoreV2/shape_and_slices"});
  SetTypes(restore, dtypes);
  *graph.add_node() = restore;
  *graph.add_node() = restore_all;
  tensorflow::SaverDef saver;
  saver.set_filename_tensor_name("save/Const:0");
  saver.set_save_tensor_name("save/control_dependency:0");
  saver.set_restore_op_name("save/restore_all");
  saver.set_max_to_keep(5);
  saver.set_keep_checkpoint_every_n_hours(10000);
  saver.set_version(tensorflow::SaverDef::V2);
  return saver;
}

// A signature's TensorInfo from the graph's shape inference.
StatusOr<tensorflow::TensorInfo> Describe(const GraphShapes& shapes,
                                          const std::string& tensor) {
  const size_t colon = tensor.rfind(':');
  const std::string node = tensor.substr(0, colon);
  const int index =
      colon == std::string::npos ? 0 : std::atoi(tensor.c_str() + colon + 1);
  const TensorType* type = shapes.Find(node, index);
  if (type == nullptr)
    return InvalidArgument("signature tensor '" + tensor +
                           "' is not in the graph");
  tensorflow::TensorInfo info;
  info.set_name(colon == std::string::npos ? tensor + ":0" : tensor);
  info.set_dtype(type->dtype);
  *info.mutable_tensor_shape() = type->shape.ToProto();
  return info;
}

StatusOr<tensorflow::SignatureDef> Signature(const SavedModelExport& model) {
  KILN_ASSIGN_OR_RETURN(GraphView view, GraphView::Build(model.graph));
  KILN_ASSIGN_OR_RETURN(GraphShapes shapes, InferGraphShapes(view));
  tensorflow::SignatureDef signature;
  signature.set_method_name("tensorflow/serving/predict");
  for (const auto& [key, tensor] : model.inputs) {
    KILN_ASSIGN_OR_RETURN((*signature.mutable_inputs())[key],
                          Describe(shapes, tensor));
  }
  for (const auto& [key, tensor] : model.outputs) {
    KILN_ASSIGN_OR_RETURN((*signature.mutable_outputs())[key],
                          Describe(shapes, tensor));
  }
  return signature;
}

// Kiln reads an empty shared_name as the node's name; TensorFlow's graph
// mode would make every such VarHandleOp one resource. Spelled out, both
// agree.
void NameSharedResources(tensorflow::GraphDef& graph) {
  for (tensorflow::NodeDef& node : *graph.mutable_node()) {
    if (node.op() != "VarHandleOp") continue;
    tensorflow::AttrValue& shared = (*node.mutable_attr())["shared_name"];
    if (shared.s().empty()) shared.set_s(node.name());
  }
}

Status WriteInto(const std::string& dir, const SavedModelExport& model) {
  tensorflow::SavedModel saved;
  saved.set_saved_model_schema_version(1);
  tensorflow::MetaGraphDef& meta = *saved.add_meta_graphs();
  meta.mutable_meta_info_def()->add_tags("serve");
  meta.mutable_meta_info_def()->set_tensorflow_git_version("kiln");
  KILN_ASSIGN_OR_RETURN((*meta.mutable_signature_def())[model.signature],
                        Signature(model));
  *meta.mutable_graph_def() = model.graph;
  NameSharedResources(*meta.mutable_graph_def());
  if (!model.variables.empty()) {
    KILN_ASSIGN_OR_RETURN(*meta.mutable_saver_def(),
                          AddSaver(model, *meta.mutable_graph_def()));
  }
  KILN_RETURN_IF_ERROR(RecursivelyCreateDir(dir + "/variables"));
  if (!model.variables.empty())
    KILN_RETURN_IF_ERROR(
        WriteCheckpoint(dir + "/variables/variables", model.variables));
  return WriteFileAtomically(dir + "/saved_model.pb",
                             saved.SerializeAsString());
}

}  // namespace

Status WriteSavedModel(const std::string& dir, const SavedModelExport& model) {
  std::error_code ec;
  if (fs::exists(dir, ec))
    return FailedPrecondition(dir +
                              ": exists; a SavedModel is written to a "
                              "new directory");
  const std::string staging =
      dir + ".tmp-" + std::to_string(static_cast<long>(getpid()));
  fs::remove_all(staging, ec);
  Status written = WriteInto(staging, model);
  if (written.ok()) {
    fs::rename(staging, dir, ec);
    if (ec)
      written = Internal(
          dir + ": cannot rename the staged SavedModel: " + ec.message());
  }
  if (!written.ok()) fs::remove_all(staging, ec);
  return written;
}

}  // namespace kiln
