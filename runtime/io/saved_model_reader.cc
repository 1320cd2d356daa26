// SavedModel directories: saved_model.pb (binary or text) and variables/.
#include "runtime/io/saved_model_reader.h"

#include <google/protobuf/text_format.h>

#include <filesystem>

#include "proto/tensorflow/saved_model.pb.h"
#include "proto/tensorflow/saved_object_graph.pb.h"
#include "proto/tensorflow/trackable_object_graph.pb.h"
#include "runtime/graph/variable_name.h"
#include "runtime/io/checkpoint_reader.h"
#include "runtime/io/file_util.h"

namespace kiln {
namespace {

namespace fs = std::filesystem;

constexpr char kObjectGraphKey[] = "_CHECKPOINTABLE_OBJECT_GRAPH";

StatusOr<tensorflow::SavedModel> ParseSavedModel(const std::string& dir) {
  tensorflow::SavedModel proto;
  const fs::path binary = fs::path(dir) / "saved_model.pb";
  const fs::path text = fs::path(dir) / "saved_model.pbtxt";
  std::error_code ec;
  if (fs::exists(binary, ec)) {
    KILN_ASSIGN_OR_RETURN(std::string bytes, ReadFileToString(binary.string()));
    if (!proto.ParseFromString(bytes))
      return InvalidArgument(binary.string() + ": not a SavedModel proto");
    return proto;
  }
  if (fs::exists(text, ec)) {
    KILN_ASSIGN_OR_RETURN(std::string bytes, ReadFileToString(text.string()));
    if (!google::protobuf::TextFormat::ParseFromString(bytes, &proto))
      return InvalidArgument(text.string() + ": not a SavedModel text proto");
    return proto;
  }
  return NotFound(dir + ": no saved_model.pb or saved_model.pbtxt");
}

StatusOr<tensorflow::TrackableObjectGraph> ObjectGraph(
    const CheckpointReader& reader) {
  KILN_ASSIGN_OR_RETURN(std::vector<std::string> bytes,
                        reader.ReadStrings(kObjectGraphKey));
  tensorflow::TrackableObjectGraph graph;
  if (bytes.size() != 1 || !graph.ParseFromString(bytes[0]))
    return InvalidArgument(reader.prefix() + ": " + kObjectGraphKey +
                           " is not a TrackableObjectGraph");
  return graph;
}

// The checkpoint key of object `id`'s value, or "".
std::string KeyOf(const tensorflow::TrackableObjectGraph& objects, int id) {
  if (id < 0 || id >= objects.nodes_size()) return "";
  for (const auto& attribute : objects.nodes(id).attributes())
    if (attribute.name() == "VARIABLE_VALUE") return attribute.checkpoint_key();
  return "";
}

// Variable name -> checkpoint key for an object-based checkpoint: the
// VarHandleOps each call of a saved concrete function passes as its
// captured inputs get the keys of the objects the function is bound to
// (what tf.saved_model.load does); variables reached no other way by their
// full_name.
std::map<std::string, std::string> ObjectBasedKeys(
    const tensorflow::MetaGraphDef& meta,
    const tensorflow::TrackableObjectGraph& objects) {
  std::map<std::string, std::string> keys;
  tensorflow::SavedObjectGraph saved;
  saved.ParseFromString(meta.object_graph_def());
  std::map<std::string, const tensorflow::NodeDef*> nodes;
  for (const tensorflow::NodeDef& node : meta.graph_def().node())
    nodes[node.name()] = &node;
  for (const tensorflow::NodeDef& node : meta.graph_def().node()) {
    auto f = node.attr().find("f");
    if (f == node.attr().end()) continue;
    auto function = saved.concrete_functions().find(f->second.func().name());
    if (function == saved.concrete_functions().end()) continue;
    std::vector<std::string> data;
    for (const std::string& input : node.input())
      if (input.empty() || input[0] != '^') data.push_back(input);
    const auto& bound = function->second.bound_inputs();
    if (bound.size() > static_cast<int>(data.size())) continue;
    for (int j = 0; j < bound.size(); ++j) {
      std::string input = data[data.size() - bound.size() + j];
      input = input.substr(0, input.find(':'));
      auto handle = nodes.find(input);
      const std::string key = KeyOf(objects, bound[j]);
      if (handle == nodes.end() || handle->second->op() != "VarHandleOp" ||
          key.empty())
        continue;
      keys.emplace(VariableSharedName(*handle->second), key);
    }
  }
  for (const auto& node : objects.nodes())
    for (const auto& attribute : node.attributes())
      if (attribute.name() == "VARIABLE_VALUE" &&
          !attribute.full_name().empty())
        keys.emplace(attribute.full_name(), attribute.checkpoint_key());
  return keys;
}

Status ReadVariables(const std::string& dir,
                     const tensorflow::MetaGraphDef& meta, SavedModel& model) {
  const std::string prefix =
      (fs::path(dir) / "variables" / "variables").string();
  std::error_code ec;
  if (!fs::exists(prefix + ".index", ec)) return OkStatus();
  KILN_ASSIGN_OR_RETURN(CheckpointReader reader,
                        CheckpointReader::Open(prefix));
  std::map<std::string, std::string> keys;  // variable name -> key
  if (reader.Contains(kObjectGraphKey)) {
    KILN_ASSIGN_OR_RETURN(tensorflow::TrackableObjectGraph objects,
                          ObjectGraph(reader));
    keys = ObjectBasedKeys(meta, objects);
  } else {
    for (const std::string& key : reader.keys()) keys.emplace(key, key);
  }
  for (const auto& [name, key] : keys) {
    StatusOr<const tensorflow::BundleEntryProto*> entry = reader.Entry(key);
    if (!entry.ok()) return entry.status().WithPrefix(prefix + ": ");
    if ((*entry)->dtype() == tensorflow::DT_STRING) continue;  // not Kiln's
    KILN_ASSIGN_OR_RETURN(Tensor value, reader.ReadTensor(key));
    model.variables.emplace_back(name, std::move(value));
  }
  return OkStatus();
}

}  // namespace

StatusOr<SavedModel> ReadSavedModel(const std::string& dir,
                                    const std::string& tag) {
  KILN_ASSIGN_OR_RETURN(tensorflow::SavedModel proto, ParseSavedModel(dir));
  std::string seen;
  for (const tensorflow::MetaGraphDef& meta : proto.meta_graphs()) {
    const auto& tags = meta.meta_info_def().tags();
    for (const std::string& t : tags) seen += (seen.empty() ? "" : ", ") + t;
    if (std::find(tags.begin(), tags.end(), tag) == tags.end()) continue;
    SavedModel model;
    model.graph = meta.graph_def();
    model.tags.assign(tags.begin(), tags.end());
    for (const auto& [key, signature] : meta.signature_def())
      model.signatures[key] = signature;
    KILN_RETURN_IF_ERROR(ReadVariables(dir, meta, model));
    return model;
  }
  return NotFound(dir + ": no meta graph tagged '" + tag +
                  "' (tags: " + (seen.empty() ? "none" : seen) + ")");
}

}  // namespace kiln
